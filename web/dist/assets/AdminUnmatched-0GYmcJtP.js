import{D as e,M as t,a as n,d as r,g as i,p as a,u as o,x as s}from"./index-CtQVzr3g.js";var c=t(e(),1),l=r(),u=i(`
  query UnmatchedRefs($after: Cursor) {
    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ref
          clicks
          firstSeenAt
          lastSeenAt
        }
      }
    }
    unmatchedRefsDropped
  }
`);function d(e){return new Date(e).toLocaleString(`en-GB`,{timeZone:`UTC`,dateStyle:`medium`,timeStyle:`short`})+` UTC`}function f(){let[e,t]=(0,c.useState)([null]),r=e[e.length-1]??null,[{data:i,error:f,fetching:p}]=s({query:u,variables:{after:r}}),m=(i?.unmatchedRefs.edges??[]).flatMap(e=>e?.node?[e.node]:[]);return(0,l.jsxs)(o,{title:`Unmatched refs`,children:[(0,l.jsx)(`p`,{className:`hint`,children:`Ref values that visitors clicked but that name no referral URL or ref tag, usually mistyped codes. Most clicked first.`}),f&&(0,l.jsx)(`p`,{role:`alert`,className:`error`,children:a(f)}),!i&&p&&(0,l.jsx)(`p`,{role:`status`,children:`Loading…`}),i&&(0,l.jsxs)(`p`,{role:`status`,children:[i.unmatchedRefs.totalCount,` unmatched refs`,i.unmatchedRefsDropped>0&&`; ${n(i.unmatchedRefsDropped)} more clicks on values past the first 10,000 are counted together`]}),m.length>0&&(0,l.jsx)(`div`,{className:`table-wrap`,tabIndex:0,children:(0,l.jsxs)(`table`,{"aria-label":`Unmatched refs`,children:[(0,l.jsx)(`thead`,{children:(0,l.jsxs)(`tr`,{children:[(0,l.jsx)(`th`,{scope:`col`,children:`Ref`}),(0,l.jsx)(`th`,{scope:`col`,className:`num`,children:`Clicks`}),(0,l.jsx)(`th`,{scope:`col`,children:`First seen`}),(0,l.jsx)(`th`,{scope:`col`,children:`Last seen`})]})}),(0,l.jsx)(`tbody`,{children:m.map(e=>(0,l.jsxs)(`tr`,{children:[(0,l.jsx)(`th`,{scope:`row`,children:(0,l.jsx)(`code`,{children:e.ref})}),(0,l.jsx)(`td`,{className:`num`,children:n(e.clicks)}),(0,l.jsx)(`td`,{children:d(e.firstSeenAt)}),(0,l.jsx)(`td`,{children:d(e.lastSeenAt)})]},e.id))})]})}),(0,l.jsxs)(`nav`,{"aria-label":`Pages`,className:`row`,children:[(0,l.jsx)(`button`,{type:`button`,className:`secondary`,disabled:e.length<=1,onClick:()=>t(e=>e.slice(0,-1)),children:`Previous page`}),(0,l.jsx)(`button`,{type:`button`,className:`secondary`,disabled:!i?.unmatchedRefs.pageInfo.hasNextPage,onClick:()=>t(e=>[...e,i?.unmatchedRefs.pageInfo.endCursor??null]),children:`Next page`})]})]})}export{f as default};