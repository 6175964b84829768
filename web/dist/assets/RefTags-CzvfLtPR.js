import{_ as e,a as t,c as n,d as r,f as i,h as a,i as o,l as s,o as c,p as l,r as u,s as d,u as f}from"./index-elW_u6sf.js";import{t as p}from"./Copy-TA9cAU-G.js";var m=e(a(),1),h=n();function g({label:e,column:t,sort:n,onSort:r,numeric:i=!1}){let a=n.key===t,o=a?n.dir===`asc`?`desc`:`asc`:i?`desc`:`asc`;return(0,h.jsx)(`th`,{scope:`col`,className:i?`num`:void 0,"aria-sort":a?n.dir===`asc`?`ascending`:`descending`:`none`,children:(0,h.jsxs)(`button`,{type:`button`,onClick:()=>r({key:t,dir:o}),children:[e,(0,h.jsx)(`span`,{"aria-hidden":`true`,children:a?n.dir===`asc`?` ▲`:` ▼`:``})]})})}function _(e,t,n){let r=typeof e==`number`&&typeof t==`number`?e-t:String(e).localeCompare(String(t));return n===`asc`?r:-r}function v(e){let t=String(e);return typeof e==`string`&&/^[=+\-@\t\r]/.test(t)&&(t=`'${t}`),/[",\r\n]/.test(t)?`"${t.replaceAll(`"`,`""`)}"`:t}function y(e,t){return[e,...t].map(e=>e.map(v).join(`,`)).join(`\r
`)+`\r
`}function b(e,t,n=`text/csv;charset=utf-8`){let r=URL.createObjectURL(new Blob([t],{type:n})),i=document.createElement(`a`);i.href=r,i.download=e,document.body.append(i),i.click(),i.remove(),setTimeout(()=>URL.revokeObjectURL(r),1e4)}r(`
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
`);var x=r(`
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
`),S=r(`
  mutation CreateRefTag($input: CreateRefTagInput!) {
    createRefTag(input: $input) {
      id
      name
      code
    }
  }
`),C=r(`
  mutation RenameRefTag($input: UpdateRefTagInput!) {
    updateRefTag(input: $input) {
      id
      name
    }
  }
`),w=[{key:`name`,label:`Name`,numeric:!1},{key:`code`,label:`Code`,numeric:!1},{key:`uniqueClicks`,label:`Unique clicks`,numeric:!0},{key:`returningClicks`,label:`Returning clicks`,numeric:!0},{key:`totalClicks`,label:`Total clicks`,numeric:!0},{key:`conversions`,label:`Conversions`,numeric:!0},{key:`conversionRate`,label:`Conversion rate`,numeric:!0}];function T(e,t){return t===`name`||t===`code`?e[t]:e.stats[t]}function E(e){let t=i(),[n,r]=(0,m.useState)(0),[a,o]=(0,m.useState)({tags:null,error:null});return(0,m.useEffect)(()=>{let n=!0;return(async()=>{let r=[],i=null;for(;;){let a=await t.query(x,{range:e,after:i},{requestPolicy:`network-only`}).toPromise();if(!n)return;if(a.error||!a.data){o({tags:null,error:a.error?s(a.error):`no data`});return}if(r.push(...(a.data.refTags.edges??[]).flatMap(e=>e?.node?[e.node]:[])),!a.data.refTags.pageInfo.hasNextPage)break;i=a.data.refTags.pageInfo.endCursor}o({tags:r,error:null})})(),()=>{n=!1}},[t,e,n]),{...a,reload:()=>r(e=>e+1)}}function D(){let e=f(),[n,r,i]=c(e.timezone),{tags:a,error:o,reload:s}=E(n),[l,p]=(0,m.useState)({key:`name`,dir:`asc`}),v=(0,m.useMemo)(()=>a?[...a].sort((e,t)=>_(T(e,l.key),T(t,l.key),l.dir)||_(e.code,t.code,`asc`)):[],[a,l]);function x(){let e=v.map(e=>[e.name,e.code,e.stats.uniqueClicks,e.stats.returningClicks,e.stats.totalClicks,e.stats.conversions,t(e.stats.conversionRate)]);b(`ref-tags-${n.from}-to-${n.to}.csv`,y(w.map(e=>e.label),e))}return(0,h.jsxs)(d,{title:`Ref tags`,children:[(0,h.jsxs)(`p`,{className:`hint`,children:[`A ref tag tracks one campaign: add `,(0,h.jsx)(`code`,{children:`?ref=CODE`}),` to any page of the site and every click and signup through it is counted here.`]}),(0,h.jsx)(O,{onCreated:s}),(0,h.jsx)(u,{range:n,today:i,onChange:r}),o&&(0,h.jsx)(`p`,{role:`alert`,className:`error`,children:o}),(0,h.jsx)(`h2`,{children:`Tags`}),!a&&!o&&(0,h.jsx)(`p`,{role:`status`,children:`Loading…`}),a&&a.length===0&&(0,h.jsx)(`p`,{children:`No ref tags yet. Click “Ref Tag” to create one.`}),a&&a.length>0&&(0,h.jsxs)(h.Fragment,{children:[(0,h.jsx)(`p`,{className:`row`,children:(0,h.jsx)(`button`,{type:`button`,className:`secondary`,onClick:x,children:`Export CSV`})}),(0,h.jsx)(`div`,{className:`table-wrap`,children:(0,h.jsxs)(`table`,{"aria-label":`Ref tags`,children:[(0,h.jsx)(`thead`,{children:(0,h.jsxs)(`tr`,{children:[w.map(e=>(0,h.jsx)(g,{label:e.label,column:e.key,sort:l,onSort:p,numeric:e.numeric},e.key)),(0,h.jsx)(`th`,{scope:`col`,children:(0,h.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,h.jsx)(`tbody`,{children:v.map(e=>(0,h.jsx)(k,{tag:e,onRenamed:s},e.id))})]})}),(0,h.jsx)(j,{tags:v})]})]})}function O({onCreated:e}){let[t,n]=(0,m.useState)(!1),[r,i]=(0,m.useState)(``),[a,o]=l(S),[c,u]=(0,m.useState)(null);async function d(t){t.preventDefault();let a=await o({input:{name:r.trim()}});!a.error&&a.data&&(u(`Created “${a.data.createRefTag.name}” with code ${a.data.createRefTag.code}.`),i(``),n(!1),e())}return t?(0,h.jsxs)(`form`,{onSubmit:d,className:`row panel`,children:[(0,h.jsxs)(`label`,{children:[`New tag name`,(0,h.jsx)(`input`,{value:r,onChange:e=>i(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,h.jsx)(`button`,{type:`submit`,disabled:a.fetching,children:`Save`}),(0,h.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>n(!1),children:`Cancel`}),a.error&&(0,h.jsx)(`p`,{role:`alert`,className:`error`,children:s(a.error)})]}):(0,h.jsxs)(`p`,{className:`row`,children:[(0,h.jsx)(`button`,{type:`button`,onClick:()=>{n(!0),u(null)},children:`Ref Tag`}),(0,h.jsx)(`span`,{role:`status`,className:`ok`,children:c??``})]})}function k({tag:e,onRenamed:n}){let[r,i]=(0,m.useState)(!1),[a,c]=(0,m.useState)(e.name),[u,d]=l(C);async function f(t){t.preventDefault(),(await d({input:{id:e.id,name:a.trim()}})).error||(i(!1),n())}return(0,h.jsxs)(`tr`,{children:[(0,h.jsx)(`th`,{scope:`row`,children:r?(0,h.jsxs)(`form`,{onSubmit:f,className:`row`,children:[(0,h.jsxs)(`label`,{children:[(0,h.jsxs)(`span`,{className:`sr-only`,children:[`New name for `,e.name]}),(0,h.jsx)(`input`,{value:a,onChange:e=>c(e.target.value),required:!0,maxLength:200,autoFocus:!0})]}),(0,h.jsx)(`button`,{type:`submit`,disabled:u.fetching,children:`Save`}),(0,h.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>{i(!1),c(e.name)},children:`Cancel`}),u.error&&(0,h.jsx)(`p`,{role:`alert`,className:`error`,children:s(u.error)})]}):e.name}),(0,h.jsx)(`td`,{children:(0,h.jsx)(`code`,{children:e.code})}),(0,h.jsx)(`td`,{className:`num`,children:o(e.stats.uniqueClicks)}),(0,h.jsx)(`td`,{className:`num`,children:o(e.stats.returningClicks)}),(0,h.jsx)(`td`,{className:`num`,children:o(e.stats.totalClicks)}),(0,h.jsx)(`td`,{className:`num`,children:o(e.stats.conversions)}),(0,h.jsx)(`td`,{className:`num`,children:t(e.stats.conversionRate)}),(0,h.jsx)(`td`,{children:!r&&(0,h.jsx)(`button`,{type:`button`,className:`secondary`,"aria-label":`Rename ${e.name}`,onClick:()=>i(!0),children:`Rename`})})]})}function A(e,t){let n;try{n=new URL(e.trim())}catch{return null}return n.protocol!==`http:`&&n.protocol!==`https:`?null:(n.searchParams.set(`ref`,t),n.toString())}function j({tags:e}){let[t,n]=(0,m.useState)(``),[r,i]=(0,m.useState)(e[0]?.code??``),a=t.trim()&&r?A(t,r):null;return(0,h.jsxs)(`section`,{className:`panel`,children:[(0,h.jsx)(`h2`,{children:`Link builder`}),(0,h.jsxs)(`div`,{className:`row`,children:[(0,h.jsxs)(`label`,{children:[`Page of your site`,(0,h.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>n(e.target.value),size:40,placeholder:`https://`})]}),(0,h.jsxs)(`label`,{children:[`Tag`,(0,h.jsx)(`select`,{value:r,onChange:e=>i(e.target.value),children:e.map(e=>(0,h.jsxs)(`option`,{value:e.code,children:[e.name,` (`,e.code,`)`]},e.id))})]})]}),t.trim()!==``&&!a&&(0,h.jsx)(`p`,{role:`alert`,className:`error`,children:`Enter a whole address, starting with https:// or http://.`}),a&&(0,h.jsxs)(`div`,{className:`row`,children:[(0,h.jsxs)(`label`,{children:[`Tagged link`,(0,h.jsx)(`input`,{type:`text`,readOnly:!0,value:a,size:60})]}),(0,h.jsx)(p,{text:a,label:`Copy tagged link`})]})]})}export{D as default,A as withRef};