import{D as e,M as t,a as n,b as r,d as i,g as a,i as o,l as s,m as c,o as l,p as u,u as d,y as f}from"./index-CtQVzr3g.js";import{n as p,t as m}from"./SortHeader-BcFhKnkm.js";import{t as h}from"./Copy-3IqSbKm5.js";import{n as g,t as _}from"./csv-CEOkisS6.js";var v=t(e(),1),y=i();a(`
  fragment RefTagRow on RefTag {
    id
    name
    code
    stats(range: $range) {
      uniqueClicks
      returningClicks
      totalClicks
      conversions
      conversionRate
    }
  }
`);var b=a(`
  query RefTags($range: DateRange!, $after: Cursor) {
    refTags(first: 100, after: $after, orderBy: { field: NAME, direction: ASC }) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...RefTagRow
        }
      }
    }
  }
`),x=a(`
  mutation CreateRefTag($input: CreateRefTagInput!) {
    createRefTag(input: $input) {
      id
      name
      code
    }
  }
`),S=a(`
  mutation RenameRefTag($input: UpdateRefTagInput!) {
    updateRefTag(input: $input) {
      id
      name
    }
  }
`),C=[{key:`name`,label:`Name`,numeric:!1},{key:`code`,label:`Code`,numeric:!1},{key:`uniqueClicks`,label:`Unique clicks`,numeric:!0},{key:`returningClicks`,label:`Returning clicks`,numeric:!0},{key:`totalClicks`,label:`Total clicks`,numeric:!0},{key:`conversions`,label:`Conversions`,numeric:!0},{key:`conversionRate`,label:`Conversion rate`,numeric:!0}];function w(e,t){return t===`name`||t===`code`?e[t]:e.stats[t]}function T(e){let t=f(),[n,r]=(0,v.useState)(0),[i,a]=(0,v.useState)({tags:null,error:null});return(0,v.useEffect)(()=>{let n=!0;return(async()=>{let r=[],i=null;for(;;){let o=await t.query(b,{range:e,after:i},{requestPolicy:`network-only`}).toPromise();if(!n)return;if(o.error||!o.data){a({tags:null,error:o.error?u(o.error):`no data`});return}if(r.push(...(o.data.refTags.edges??[]).flatMap(e=>e?.node?[e.node]:[])),!o.data.refTags.pageInfo.hasNextPage)break;i=o.data.refTags.pageInfo.endCursor}a({tags:r,error:null})})(),()=>{n=!1}},[t,e,n]),{...i,reload:()=>r(e=>e+1)}}function E(){let e=c(),[t,n,r]=s(e.timezone),{tags:i,error:a,reload:u}=T(t),[f,h]=(0,v.useState)({key:`name`,dir:`asc`}),b=(0,v.useMemo)(()=>i?[...i].sort((e,t)=>p(w(e,f.key),w(t,f.key),f.dir)||p(e.code,t.code,`asc`)):[],[i,f]);function x(){let e=b.map(e=>[e.name,e.code,e.stats.uniqueClicks,e.stats.returningClicks,e.stats.totalClicks,e.stats.conversions,l(e.stats.conversionRate)]);_(`ref-tags-${t.from}-to-${t.to}.csv`,g(C.map(e=>e.label),e))}return(0,y.jsxs)(d,{title:`Ref tags`,children:[(0,y.jsxs)(`p`,{className:`hint`,children:[`A ref tag tracks one campaign: add `,(0,y.jsx)(`code`,{children:`?ref=CODE`}),` to any page of the site and every click and signup through it is counted here.`]}),(0,y.jsx)(D,{onCreated:u}),(0,y.jsx)(o,{range:t,today:r,onChange:n}),a&&(0,y.jsx)(`p`,{role:`alert`,className:`error`,children:a}),(0,y.jsx)(`h2`,{children:`Tags`}),!i&&!a&&(0,y.jsx)(`p`,{role:`status`,children:`Loading…`}),i&&i.length===0&&(0,y.jsx)(`p`,{children:`No ref tags yet. Click “Ref Tag” to create one.`}),i&&i.length>0&&(0,y.jsxs)(y.Fragment,{children:[(0,y.jsx)(`p`,{className:`row`,children:(0,y.jsx)(`button`,{type:`button`,className:`secondary`,onClick:x,children:`Export CSV`})}),(0,y.jsx)(`div`,{className:`table-wrap`,tabIndex:0,children:(0,y.jsxs)(`table`,{"aria-label":`Ref tags`,children:[(0,y.jsx)(`thead`,{children:(0,y.jsxs)(`tr`,{children:[C.map(e=>(0,y.jsx)(m,{label:e.label,column:e.key,sort:f,onSort:h,numeric:e.numeric},e.key)),(0,y.jsx)(`th`,{scope:`col`,children:(0,y.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,y.jsx)(`tbody`,{children:b.map(e=>(0,y.jsx)(O,{tag:e,onRenamed:u},e.id))})]})}),(0,y.jsx)(A,{tags:b})]})]})}function D({onCreated:e}){let[t,n]=(0,v.useState)(!1),[i,a]=(0,v.useState)(``),[o,s]=r(x),[c,l]=(0,v.useState)(null);async function d(t){t.preventDefault();let r=await s({input:{name:i.trim()}});!r.error&&r.data&&(l(`Created “${r.data.createRefTag.name}” with code ${r.data.createRefTag.code}.`),a(``),n(!1),e())}return t?(0,y.jsxs)(`form`,{onSubmit:d,className:`row panel`,children:[(0,y.jsxs)(`label`,{children:[`New tag name`,(0,y.jsx)(`input`,{value:i,onChange:e=>a(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,y.jsx)(`button`,{type:`submit`,disabled:o.fetching,children:`Save`}),(0,y.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>n(!1),children:`Cancel`}),o.error&&(0,y.jsx)(`p`,{role:`alert`,className:`error`,children:u(o.error)})]}):(0,y.jsxs)(`p`,{className:`row`,children:[(0,y.jsx)(`button`,{type:`button`,onClick:()=>{n(!0),l(null)},children:`Ref Tag`}),(0,y.jsx)(`span`,{role:`status`,className:`ok`,children:c??``})]})}function O({tag:e,onRenamed:t}){let[i,a]=(0,v.useState)(!1),[o,s]=(0,v.useState)(e.name),[c,d]=r(S);async function f(n){n.preventDefault(),(await d({input:{id:e.id,name:o.trim()}})).error||(a(!1),t())}return(0,y.jsxs)(`tr`,{children:[(0,y.jsx)(`th`,{scope:`row`,children:i?(0,y.jsxs)(`form`,{onSubmit:f,className:`row`,children:[(0,y.jsxs)(`label`,{children:[(0,y.jsxs)(`span`,{className:`sr-only`,children:[`New name for `,e.name]}),(0,y.jsx)(`input`,{value:o,onChange:e=>s(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,y.jsx)(`button`,{type:`submit`,disabled:c.fetching,children:`Save`}),(0,y.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>{a(!1),s(e.name)},children:`Cancel`}),c.error&&(0,y.jsx)(`p`,{role:`alert`,className:`error`,children:u(c.error)})]}):e.name}),(0,y.jsx)(`td`,{children:(0,y.jsx)(`code`,{children:e.code})}),(0,y.jsx)(`td`,{className:`num`,children:n(e.stats.uniqueClicks)}),(0,y.jsx)(`td`,{className:`num`,children:n(e.stats.returningClicks)}),(0,y.jsx)(`td`,{className:`num`,children:n(e.stats.totalClicks)}),(0,y.jsx)(`td`,{className:`num`,children:n(e.stats.conversions)}),(0,y.jsx)(`td`,{className:`num`,children:l(e.stats.conversionRate)}),(0,y.jsx)(`td`,{children:!i&&(0,y.jsx)(`button`,{type:`button`,className:`secondary`,"aria-label":`Rename ${e.name}`,onClick:()=>a(!0),children:`Rename`})})]})}function k(e,t){let n;try{n=new URL(e.trim())}catch{return null}return n.protocol!==`http:`&&n.protocol!==`https:`?null:(n.searchParams.set(`ref`,t),n.toString())}function A({tags:e}){let[t,n]=(0,v.useState)(``),[r,i]=(0,v.useState)(e[0]?.code??``),a=t.trim()&&r?k(t,r):null;return(0,y.jsxs)(`section`,{className:`panel`,children:[(0,y.jsx)(`h2`,{children:`Link builder`}),(0,y.jsxs)(`div`,{className:`row`,children:[(0,y.jsxs)(`label`,{children:[`Page of your site`,(0,y.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>n(e.target.value),size:40,placeholder:`https://`})]}),(0,y.jsxs)(`label`,{children:[`Tag`,(0,y.jsx)(`select`,{value:r,onChange:e=>i(e.target.value),children:e.map(e=>(0,y.jsxs)(`option`,{value:e.code,children:[e.name,` (`,e.code,`)`]},e.id))})]})]}),t.trim()!==``&&!a&&(0,y.jsx)(`p`,{role:`alert`,className:`error`,children:`Enter a whole address, starting with https:// or http://.`}),a&&(0,y.jsxs)(`div`,{className:`row`,children:[(0,y.jsxs)(`label`,{children:[`Tagged link`,(0,y.jsx)(`input`,{type:`text`,readOnly:!0,value:a,size:60})]}),(0,y.jsx)(h,{text:a,label:`Copy tagged link`})]})]})}export{E as default,k as withRef};