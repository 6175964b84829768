import{E as e,a as t,c as n,f as r,h as i,i as a,j as o,l as s,o as c,p as l,u,v as d,y as f}from"./index-CPe9fP1N.js";import{t as p}from"./Copy-DXU2m8CM.js";import{n as m,t as h}from"./csv-CEOkisS6.js";var g=o(e(),1),_=u();function v({label:e,column:t,sort:n,onSort:r,numeric:i=!1}){let a=n.key===t,o=a?n.dir===`asc`?`desc`:`asc`:i?`desc`:`asc`;return(0,_.jsx)(`th`,{scope:`col`,className:i?`num`:void 0,"aria-sort":a?n.dir===`asc`?`ascending`:`descending`:`none`,children:(0,_.jsxs)(`button`,{type:`button`,onClick:()=>r({key:t,dir:o}),children:[e,(0,_.jsx)(`span`,{"aria-hidden":`true`,children:a?n.dir===`asc`?` ▲`:` ▼`:``})]})})}function y(e,t,n){let r=typeof e==`number`&&typeof t==`number`?e-t:String(e).localeCompare(String(t));return n===`asc`?r:-r}i(`
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
`);var b=i(`
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
`),x=i(`
  mutation CreateRefTag($input: CreateRefTagInput!) {
    createRefTag(input: $input) {
      id
      name
      code
    }
  }
`),S=i(`
  mutation RenameRefTag($input: UpdateRefTagInput!) {
    updateRefTag(input: $input) {
      id
      name
    }
  }
`),C=[{key:`name`,label:`Name`,numeric:!1},{key:`code`,label:`Code`,numeric:!1},{key:`uniqueClicks`,label:`Unique clicks`,numeric:!0},{key:`returningClicks`,label:`Returning clicks`,numeric:!0},{key:`totalClicks`,label:`Total clicks`,numeric:!0},{key:`conversions`,label:`Conversions`,numeric:!0},{key:`conversionRate`,label:`Conversion rate`,numeric:!0}];function w(e,t){return t===`name`||t===`code`?e[t]:e.stats[t]}function T(e){let t=d(),[n,i]=(0,g.useState)(0),[a,o]=(0,g.useState)({tags:null,error:null});return(0,g.useEffect)(()=>{let n=!0;return(async()=>{let i=[],a=null;for(;;){let s=await t.query(b,{range:e,after:a},{requestPolicy:`network-only`}).toPromise();if(!n)return;if(s.error||!s.data){o({tags:null,error:s.error?r(s.error):`no data`});return}if(i.push(...(s.data.refTags.edges??[]).flatMap(e=>e?.node?[e.node]:[])),!s.data.refTags.pageInfo.hasNextPage)break;a=s.data.refTags.pageInfo.endCursor}o({tags:i,error:null})})(),()=>{n=!1}},[t,e,n]),{...a,reload:()=>i(e=>e+1)}}function E(){let e=l(),[t,r,i]=n(e.timezone),{tags:o,error:u,reload:d}=T(t),[f,p]=(0,g.useState)({key:`name`,dir:`asc`}),b=(0,g.useMemo)(()=>o?[...o].sort((e,t)=>y(w(e,f.key),w(t,f.key),f.dir)||y(e.code,t.code,`asc`)):[],[o,f]);function x(){let e=b.map(e=>[e.name,e.code,e.stats.uniqueClicks,e.stats.returningClicks,e.stats.totalClicks,e.stats.conversions,c(e.stats.conversionRate)]);h(`ref-tags-${t.from}-to-${t.to}.csv`,m(C.map(e=>e.label),e))}return(0,_.jsxs)(s,{title:`Ref tags`,children:[(0,_.jsxs)(`p`,{className:`hint`,children:[`A ref tag tracks one campaign: add `,(0,_.jsx)(`code`,{children:`?ref=CODE`}),` to any page of the site and every click and signup through it is counted here.`]}),(0,_.jsx)(D,{onCreated:d}),(0,_.jsx)(a,{range:t,today:i,onChange:r}),u&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:u}),(0,_.jsx)(`h2`,{children:`Tags`}),!o&&!u&&(0,_.jsx)(`p`,{role:`status`,children:`Loading…`}),o&&o.length===0&&(0,_.jsx)(`p`,{children:`No ref tags yet. Click “Ref Tag” to create one.`}),o&&o.length>0&&(0,_.jsxs)(_.Fragment,{children:[(0,_.jsx)(`p`,{className:`row`,children:(0,_.jsx)(`button`,{type:`button`,className:`secondary`,onClick:x,children:`Export CSV`})}),(0,_.jsx)(`div`,{className:`table-wrap`,children:(0,_.jsxs)(`table`,{"aria-label":`Ref tags`,children:[(0,_.jsx)(`thead`,{children:(0,_.jsxs)(`tr`,{children:[C.map(e=>(0,_.jsx)(v,{label:e.label,column:e.key,sort:f,onSort:p,numeric:e.numeric},e.key)),(0,_.jsx)(`th`,{scope:`col`,children:(0,_.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,_.jsx)(`tbody`,{children:b.map(e=>(0,_.jsx)(O,{tag:e,onRenamed:d},e.id))})]})}),(0,_.jsx)(A,{tags:b})]})]})}function D({onCreated:e}){let[t,n]=(0,g.useState)(!1),[i,a]=(0,g.useState)(``),[o,s]=f(x),[c,l]=(0,g.useState)(null);async function u(t){t.preventDefault();let r=await s({input:{name:i.trim()}});!r.error&&r.data&&(l(`Created “${r.data.createRefTag.name}” with code ${r.data.createRefTag.code}.`),a(``),n(!1),e())}return t?(0,_.jsxs)(`form`,{onSubmit:u,className:`row panel`,children:[(0,_.jsxs)(`label`,{children:[`New tag name`,(0,_.jsx)(`input`,{value:i,onChange:e=>a(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,_.jsx)(`button`,{type:`submit`,disabled:o.fetching,children:`Save`}),(0,_.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>n(!1),children:`Cancel`}),o.error&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:r(o.error)})]}):(0,_.jsxs)(`p`,{className:`row`,children:[(0,_.jsx)(`button`,{type:`button`,onClick:()=>{n(!0),l(null)},children:`Ref Tag`}),(0,_.jsx)(`span`,{role:`status`,className:`ok`,children:c??``})]})}function O({tag:e,onRenamed:n}){let[i,a]=(0,g.useState)(!1),[o,s]=(0,g.useState)(e.name),[l,u]=f(S);async function d(t){t.preventDefault(),(await u({input:{id:e.id,name:o.trim()}})).error||(a(!1),n())}return(0,_.jsxs)(`tr`,{children:[(0,_.jsx)(`th`,{scope:`row`,children:i?(0,_.jsxs)(`form`,{onSubmit:d,className:`row`,children:[(0,_.jsxs)(`label`,{children:[(0,_.jsxs)(`span`,{className:`sr-only`,children:[`New name for `,e.name]}),(0,_.jsx)(`input`,{value:o,onChange:e=>s(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,_.jsx)(`button`,{type:`submit`,disabled:l.fetching,children:`Save`}),(0,_.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>{a(!1),s(e.name)},children:`Cancel`}),l.error&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:r(l.error)})]}):e.name}),(0,_.jsx)(`td`,{children:(0,_.jsx)(`code`,{children:e.code})}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.uniqueClicks)}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.returningClicks)}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.totalClicks)}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.conversions)}),(0,_.jsx)(`td`,{className:`num`,children:c(e.stats.conversionRate)}),(0,_.jsx)(`td`,{children:!i&&(0,_.jsx)(`button`,{type:`button`,className:`secondary`,"aria-label":`Rename ${e.name}`,onClick:()=>a(!0),children:`Rename`})})]})}function k(e,t){let n;try{n=new URL(e.trim())}catch{return null}return n.protocol!==`http:`&&n.protocol!==`https:`?null:(n.searchParams.set(`ref`,t),n.toString())}function A({tags:e}){let[t,n]=(0,g.useState)(``),[r,i]=(0,g.useState)(e[0]?.code??``),a=t.trim()&&r?k(t,r):null;return(0,_.jsxs)(`section`,{className:`panel`,children:[(0,_.jsx)(`h2`,{children:`Link builder`}),(0,_.jsxs)(`div`,{className:`row`,children:[(0,_.jsxs)(`label`,{children:[`Page of your site`,(0,_.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>n(e.target.value),size:40,placeholder:`https://`})]}),(0,_.jsxs)(`label`,{children:[`Tag`,(0,_.jsx)(`select`,{value:r,onChange:e=>i(e.target.value),children:e.map(e=>(0,_.jsxs)(`option`,{value:e.code,children:[e.name,` (`,e.code,`)`]},e.id))})]})]}),t.trim()!==``&&!a&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:`Enter a whole address, starting with https:// or http://.`}),a&&(0,_.jsxs)(`div`,{className:`row`,children:[(0,_.jsxs)(`label`,{children:[`Tagged link`,(0,_.jsx)(`input`,{type:`text`,readOnly:!0,value:a,size:60})]}),(0,_.jsx)(p,{text:a,label:`Copy tagged link`})]})]})}export{E as default,k as withRef};