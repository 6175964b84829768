import{S as e,a as t,b as n,c as r,d as i,f as a,h as o,i as s,l as c,m as l,o as u,p as d,u as f}from"./index-BE5D0VMO.js";import{t as p}from"./Copy-CwLzmWJ_.js";import{n as m,t as h}from"./csv-CEOkisS6.js";var g=e(n(),1),_=f();function v({label:e,column:t,sort:n,onSort:r,numeric:i=!1}){let a=n.key===t,o=a?n.dir===`asc`?`desc`:`asc`:i?`desc`:`asc`;return(0,_.jsx)(`th`,{scope:`col`,className:i?`num`:void 0,"aria-sort":a?n.dir===`asc`?`ascending`:`descending`:`none`,children:(0,_.jsxs)(`button`,{type:`button`,onClick:()=>r({key:t,dir:o}),children:[e,(0,_.jsx)(`span`,{"aria-hidden":`true`,children:a?n.dir===`asc`?` ▲`:` ▼`:``})]})})}function y(e,t,n){let r=typeof e==`number`&&typeof t==`number`?e-t:String(e).localeCompare(String(t));return n===`asc`?r:-r}d(`
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
`);var b=d(`
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
`),x=d(`
  mutation CreateRefTag($input: CreateRefTagInput!) {
    createRefTag(input: $input) {
      id
      name
      code
    }
  }
`),S=d(`
  mutation RenameRefTag($input: UpdateRefTagInput!) {
    updateRefTag(input: $input) {
      id
      name
    }
  }
`),C=[{key:`name`,label:`Name`,numeric:!1},{key:`code`,label:`Code`,numeric:!1},{key:`uniqueClicks`,label:`Unique clicks`,numeric:!0},{key:`returningClicks`,label:`Returning clicks`,numeric:!0},{key:`totalClicks`,label:`Total clicks`,numeric:!0},{key:`conversions`,label:`Conversions`,numeric:!0},{key:`conversionRate`,label:`Conversion rate`,numeric:!0}];function w(e,t){return t===`name`||t===`code`?e[t]:e.stats[t]}function T(e){let t=l(),[n,r]=(0,g.useState)(0),[a,o]=(0,g.useState)({tags:null,error:null});return(0,g.useEffect)(()=>{let n=!0;return(async()=>{let r=[],a=null;for(;;){let s=await t.query(b,{range:e,after:a},{requestPolicy:`network-only`}).toPromise();if(!n)return;if(s.error||!s.data){o({tags:null,error:s.error?i(s.error):`no data`});return}if(r.push(...(s.data.refTags.edges??[]).flatMap(e=>e?.node?[e.node]:[])),!s.data.refTags.pageInfo.hasNextPage)break;a=s.data.refTags.pageInfo.endCursor}o({tags:r,error:null})})(),()=>{n=!1}},[t,e,n]),{...a,reload:()=>r(e=>e+1)}}function E(){let e=a(),[t,n,i]=r(e.timezone),{tags:o,error:l,reload:d}=T(t),[f,p]=(0,g.useState)({key:`name`,dir:`asc`}),b=(0,g.useMemo)(()=>o?[...o].sort((e,t)=>y(w(e,f.key),w(t,f.key),f.dir)||y(e.code,t.code,`asc`)):[],[o,f]);function x(){let e=b.map(e=>[e.name,e.code,e.stats.uniqueClicks,e.stats.returningClicks,e.stats.totalClicks,e.stats.conversions,u(e.stats.conversionRate)]);h(`ref-tags-${t.from}-to-${t.to}.csv`,m(C.map(e=>e.label),e))}return(0,_.jsxs)(c,{title:`Ref tags`,children:[(0,_.jsxs)(`p`,{className:`hint`,children:[`A ref tag tracks one campaign: add `,(0,_.jsx)(`code`,{children:`?ref=CODE`}),` to any page of the site and every click and signup through it is counted here.`]}),(0,_.jsx)(D,{onCreated:d}),(0,_.jsx)(s,{range:t,today:i,onChange:n}),l&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:l}),(0,_.jsx)(`h2`,{children:`Tags`}),!o&&!l&&(0,_.jsx)(`p`,{role:`status`,children:`Loading…`}),o&&o.length===0&&(0,_.jsx)(`p`,{children:`No ref tags yet. Click “Ref Tag” to create one.`}),o&&o.length>0&&(0,_.jsxs)(_.Fragment,{children:[(0,_.jsx)(`p`,{className:`row`,children:(0,_.jsx)(`button`,{type:`button`,className:`secondary`,onClick:x,children:`Export CSV`})}),(0,_.jsx)(`div`,{className:`table-wrap`,children:(0,_.jsxs)(`table`,{"aria-label":`Ref tags`,children:[(0,_.jsx)(`thead`,{children:(0,_.jsxs)(`tr`,{children:[C.map(e=>(0,_.jsx)(v,{label:e.label,column:e.key,sort:f,onSort:p,numeric:e.numeric},e.key)),(0,_.jsx)(`th`,{scope:`col`,children:(0,_.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,_.jsx)(`tbody`,{children:b.map(e=>(0,_.jsx)(O,{tag:e,onRenamed:d},e.id))})]})}),(0,_.jsx)(A,{tags:b})]})]})}function D({onCreated:e}){let[t,n]=(0,g.useState)(!1),[r,a]=(0,g.useState)(``),[s,c]=o(x),[l,u]=(0,g.useState)(null);async function d(t){t.preventDefault();let i=await c({input:{name:r.trim()}});!i.error&&i.data&&(u(`Created “${i.data.createRefTag.name}” with code ${i.data.createRefTag.code}.`),a(``),n(!1),e())}return t?(0,_.jsxs)(`form`,{onSubmit:d,className:`row panel`,children:[(0,_.jsxs)(`label`,{children:[`New tag name`,(0,_.jsx)(`input`,{value:r,onChange:e=>a(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,_.jsx)(`button`,{type:`submit`,disabled:s.fetching,children:`Save`}),(0,_.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>n(!1),children:`Cancel`}),s.error&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:i(s.error)})]}):(0,_.jsxs)(`p`,{className:`row`,children:[(0,_.jsx)(`button`,{type:`button`,onClick:()=>{n(!0),u(null)},children:`Ref Tag`}),(0,_.jsx)(`span`,{role:`status`,className:`ok`,children:l??``})]})}function O({tag:e,onRenamed:n}){let[r,a]=(0,g.useState)(!1),[s,c]=(0,g.useState)(e.name),[l,d]=o(S);async function f(t){t.preventDefault(),(await d({input:{id:e.id,name:s.trim()}})).error||(a(!1),n())}return(0,_.jsxs)(`tr`,{children:[(0,_.jsx)(`th`,{scope:`row`,children:r?(0,_.jsxs)(`form`,{onSubmit:f,className:`row`,children:[(0,_.jsxs)(`label`,{children:[(0,_.jsxs)(`span`,{className:`sr-only`,children:[`New name for `,e.name]}),(0,_.jsx)(`input`,{value:s,onChange:e=>c(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,_.jsx)(`button`,{type:`submit`,disabled:l.fetching,children:`Save`}),(0,_.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>{a(!1),c(e.name)},children:`Cancel`}),l.error&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:i(l.error)})]}):e.name}),(0,_.jsx)(`td`,{children:(0,_.jsx)(`code`,{children:e.code})}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.uniqueClicks)}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.returningClicks)}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.totalClicks)}),(0,_.jsx)(`td`,{className:`num`,children:t(e.stats.conversions)}),(0,_.jsx)(`td`,{className:`num`,children:u(e.stats.conversionRate)}),(0,_.jsx)(`td`,{children:!r&&(0,_.jsx)(`button`,{type:`button`,className:`secondary`,"aria-label":`Rename ${e.name}`,onClick:()=>a(!0),children:`Rename`})})]})}function k(e,t){let n;try{n=new URL(e.trim())}catch{return null}return n.protocol!==`http:`&&n.protocol!==`https:`?null:(n.searchParams.set(`ref`,t),n.toString())}function A({tags:e}){let[t,n]=(0,g.useState)(``),[r,i]=(0,g.useState)(e[0]?.code??``),a=t.trim()&&r?k(t,r):null;return(0,_.jsxs)(`section`,{className:`panel`,children:[(0,_.jsx)(`h2`,{children:`Link builder`}),(0,_.jsxs)(`div`,{className:`row`,children:[(0,_.jsxs)(`label`,{children:[`Page of your site`,(0,_.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>n(e.target.value),size:40,placeholder:`https://`})]}),(0,_.jsxs)(`label`,{children:[`Tag`,(0,_.jsx)(`select`,{value:r,onChange:e=>i(e.target.value),children:e.map(e=>(0,_.jsxs)(`option`,{value:e.code,children:[e.name,` (`,e.code,`)`]},e.id))})]})]}),t.trim()!==``&&!a&&(0,_.jsx)(`p`,{role:`alert`,className:`error`,children:`Enter a whole address, starting with https:// or http://.`}),a&&(0,_.jsxs)(`div`,{className:`row`,children:[(0,_.jsxs)(`label`,{children:[`Tagged link`,(0,_.jsx)(`input`,{type:`text`,readOnly:!0,value:a,size:60})]}),(0,_.jsx)(p,{text:a,label:`Copy tagged link`})]})]})}export{E as default,k as withRef};