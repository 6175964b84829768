import{D as e,M as t,S as n,b as r,d as i,g as a,m as o,p as s,s as c,u as l,w as u,x as d,y as f}from"./index-CtQVzr3g.js";import{n as p,t as m}from"./csv-CEOkisS6.js";var h=t(e(),1),g=i();a(`
  fragment TagFields on CustomerTag {
    id
    name
    system
  }
`),a(`
  fragment CustomerRow on Customer {
    id
    email
    name
    signedUpAt
    refTag {
      id
      name
      code
    }
    referralURL {
      id
      slug
    }
    tags {
      ...TagFields
    }
  }
`);var _=a(`
  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {
    customers(
      first: $first
      after: $after
      last: $last
      before: $before
      tagIDs: $tagIDs
      orderBy: { field: SIGNED_UP_AT, direction: DESC }
    ) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          ...CustomerRow
        }
      }
    }
  }
`),v=a(`
  query CustomerTags {
    customerTags {
      ...TagFields
    }
  }
`),y=a(`
  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {
    addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {
      ...CustomerRow
    }
  }
`),b=a(`
  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) {
    removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) {
      ...CustomerRow
    }
  }
`),x=a(`
  mutation CreateCustomerTag($input: CreateCustomerTagInput!) {
    createCustomerTag(input: $input) {
      ...TagFields
    }
  }
`),S=a(`
  mutation DeleteCustomerTag($id: ID!) {
    deleteCustomerTag(id: $id)
  }
`),C=20;function w(e){return e.refTag?`Ref tag ${e.refTag.name}`:e.referralURL?`Referral URL /r/${e.referralURL.slug}`:``}function T(){let e=o(),t=f(),[r,i]=u(),a=r.get(`tags`)??``,y=(0,h.useMemo)(()=>a.split(`,`).filter(Boolean),[a]),[b,x]=(0,h.useState)(y);(0,h.useEffect)(()=>x(y),[y]);let S=r.get(`after`),T=r.get(`before`),[{data:O,error:k,fetching:A},j]=d({query:_,variables:T?{last:C,before:T,tagIDs:y}:{first:C,after:S,tagIDs:y}}),[M,N]=d({query:v}),P=M.data?.customerTags??[],[F,I]=(0,h.useState)(null),L=()=>{j({requestPolicy:`network-only`}),N({requestPolicy:`network-only`})};function R(e){x(e);let t=new URLSearchParams(r);e.length>0?t.set(`tags`,e.join(`,`)):t.delete(`tags`),t.delete(`after`),t.delete(`before`),i(t)}function z(e){let t=O?.customers.pageInfo;if(!t)return;let n=new URLSearchParams(r);n.delete(`after`),n.delete(`before`),e===`next`&&t.endCursor&&n.set(`after`,t.endCursor),e===`prev`&&t.startCursor&&n.set(`before`,t.startCursor),i(n)}async function B(){I(`Exporting…`);let e=[],n=null;for(;;){let r=await t.query(_,{first:100,after:n,tagIDs:y},{requestPolicy:`network-only`}).toPromise();if(r.error||!r.data){I(r.error?s(r.error):`Export failed.`);return}if(e.push(...(r.data.customers.edges??[]).flatMap(e=>e?.node?[e.node]:[])),!r.data.customers.pageInfo.hasNextPage)break;n=r.data.customers.pageInfo.endCursor}let r=y.map(e=>P.find(t=>t.id===e)?.name??e);m(`customers${r.length>0?`-tagged-`+r.join(`-`).replace(/[^\w-]+/g,`_`):``}.csv`,p([`Email`,`Name`,`Signed up`,`Source`,`Tags`],e.map(e=>[e.email,e.name??``,e.signedUpAt,w(e),e.tags.map(e=>e.name).join(`; `)]))),I(`Exported ${e.length} customers.`)}let V=(O?.customers.edges??[]).flatMap(e=>e?.node?[e.node]:[]);return(0,g.jsxs)(l,{title:`Customers`,children:[(0,g.jsxs)(`fieldset`,{className:`panel`,children:[(0,g.jsx)(`legend`,{children:`Filter by tags`}),(0,g.jsx)(`p`,{className:`hint`,children:`Shows the customers that have all the chosen tags.`}),(0,g.jsx)(`div`,{className:`row`,children:P.map(e=>(0,g.jsxs)(`label`,{className:`inline`,children:[(0,g.jsx)(`input`,{type:`checkbox`,checked:b.includes(e.id),onChange:t=>R(t.target.checked?[...b,e.id]:b.filter(t=>t!==e.id))}),e.name,e.system&&(0,g.jsx)(`span`,{className:`hint`,children:` (system)`})]},e.id))})]}),k&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:s(k)}),(0,g.jsxs)(`div`,{className:`row`,children:[(0,g.jsx)(`p`,{role:`status`,className:`grow`,children:O?`${O.customers.totalCount} customers`:A?`Loading…`:``}),(0,g.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void B(),disabled:!O,children:`Export CSV`}),(0,g.jsx)(`span`,{role:`status`,className:`hint`,children:F??``})]}),O&&V.length===0&&(0,g.jsxs)(`p`,{children:[`No customers`,y.length>0?` have all these tags`:` yet`,`.`]}),V.length>0&&(0,g.jsx)(`div`,{className:`table-wrap`,tabIndex:0,children:(0,g.jsxs)(`table`,{"aria-label":`Customers`,children:[(0,g.jsx)(`thead`,{children:(0,g.jsxs)(`tr`,{children:[(0,g.jsx)(`th`,{scope:`col`,children:`Email`}),(0,g.jsx)(`th`,{scope:`col`,children:`Name`}),(0,g.jsx)(`th`,{scope:`col`,children:`Signed up`}),(0,g.jsx)(`th`,{scope:`col`,children:`Source`}),(0,g.jsx)(`th`,{scope:`col`,children:`Tags`})]})}),(0,g.jsx)(`tbody`,{children:V.map(t=>(0,g.jsxs)(`tr`,{children:[(0,g.jsx)(`th`,{scope:`row`,children:(0,g.jsx)(n,{to:`/customers/${t.id}`,children:t.email})}),(0,g.jsx)(`td`,{children:t.name??``}),(0,g.jsx)(`td`,{children:(0,g.jsx)(`time`,{dateTime:t.signedUpAt,children:c(t.signedUpAt,e.timezone)})}),(0,g.jsx)(`td`,{children:w(t)}),(0,g.jsx)(`td`,{children:(0,g.jsx)(E,{customer:t,allTags:P,onChange:L})})]},t.id))})]})}),(0,g.jsxs)(`nav`,{"aria-label":`Pages`,className:`row`,children:[(0,g.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>z(`prev`),disabled:!O?.customers.pageInfo.hasPreviousPage,children:`Previous page`}),(0,g.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>z(`next`),disabled:!O?.customers.pageInfo.hasNextPage,children:`Next page`})]}),(0,g.jsx)(D,{tags:P,onChange:L})]})}function E({customer:e,allTags:t,onChange:n}){let[i,a]=r(y),[o,c]=r(b),[l,u]=(0,h.useState)(``),d=t.filter(t=>!e.tags.some(e=>e.id===t.id)),f=i.error??o.error;async function p(t){t.preventDefault(),l&&((await a({customerID:e.id,tagIDs:[l]})).error||(u(``),n()))}return(0,g.jsxs)(`div`,{className:`stack tight`,children:[(0,g.jsx)(`ul`,{className:`chips`,"aria-label":`Tags of ${e.email}`,children:e.tags.map(t=>(0,g.jsxs)(`li`,{className:t.system?`chip system`:`chip`,children:[t.name,t.system&&(0,g.jsx)(`span`,{className:`sr-only`,children:` (system tag)`}),(0,g.jsx)(`button`,{type:`button`,"aria-label":`Remove tag ${t.name} from ${e.email}`,onClick:()=>void c({customerID:e.id,tagIDs:[t.id]}).then(e=>!e.error&&n()),children:`×`})]},t.id))}),d.length>0&&(0,g.jsxs)(`form`,{className:`row`,onSubmit:p,children:[(0,g.jsxs)(`label`,{children:[(0,g.jsxs)(`span`,{className:`sr-only`,children:[`Tag to add to `,e.email]}),(0,g.jsxs)(`select`,{value:l,onChange:e=>u(e.target.value),children:[(0,g.jsx)(`option`,{value:``,children:`Add a tag…`}),d.map(e=>(0,g.jsx)(`option`,{value:e.id,children:e.name},e.id))]})]}),(0,g.jsx)(`button`,{type:`submit`,className:`secondary`,disabled:!l||i.fetching,"aria-label":`Add tag to ${e.email}`,children:`Add`})]}),f&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:s(f)})]})}function D({tags:e,onChange:t}){let[n,i]=(0,h.useState)(``),[a,o]=r(x),[c,l]=r(S),[u,d]=(0,h.useState)(null),f=e.filter(e=>!e.system),p=e.filter(e=>e.system);async function m(e){e.preventDefault(),(await o({input:{name:n.trim()}})).error||(i(``),t())}return(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{children:`Customer tags`}),(0,g.jsxs)(`p`,{className:`hint`,children:[`System tags: `,p.map(e=>e.name).join(`, `),`. They cannot be deleted.`]}),(0,g.jsx)(`h3`,{children:`Your own tags`}),f.length===0?(0,g.jsx)(`p`,{children:`None yet.`}):(0,g.jsx)(`ul`,{className:`chips`,"aria-label":`Your own tags`,children:f.map(e=>(0,g.jsxs)(`li`,{className:`chip`,children:[e.name,u===e.id?(0,g.jsxs)(g.Fragment,{children:[(0,g.jsx)(`span`,{children:` Delete it from every customer?`}),(0,g.jsxs)(`button`,{type:`button`,onClick:()=>void l({id:e.id}).then(e=>{d(null),e.error||t()}),children:[`Yes, delete `,e.name]}),(0,g.jsxs)(`button`,{type:`button`,onClick:()=>d(null),children:[`Keep `,e.name]})]}):(0,g.jsx)(`button`,{type:`button`,"aria-label":`Delete tag ${e.name}`,onClick:()=>d(e.id),children:`×`})]},e.id))}),(0,g.jsxs)(`form`,{className:`row`,onSubmit:m,children:[(0,g.jsxs)(`label`,{children:[`New customer tag`,(0,g.jsx)(`input`,{value:n,onChange:e=>i(e.target.value),required:!0,maxLength:100})]}),(0,g.jsx)(`button`,{type:`submit`,disabled:a.fetching,children:`Create tag`})]}),(a.error??c.error)&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:s(a.error??c.error)})]})}export{y as AddTagsDoc,E as CustomerTags,b as RemoveTagsDoc,v as TagsDoc,T as default,w as source};