import{b as e,d as t,f as n,g as r,p as i,s as a,x as o}from"./index-CtQVzr3g.js";var s=t(),c=r(`
  query Sessions {
    sessions {
      id
      createdAt
      lastSeenAt
      userAgent
      current
    }
  }
`),l=r(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`),u=r(`
  mutation RevokeSessions {
    revokeSessions
  }
`);function d(e){return[/Edg\//.test(e)?`Edge`:/Firefox\//.test(e)?`Firefox`:/Chrom(e|ium)\//.test(e)?`Chrome`:/Safari\//.test(e)?`Safari`:``,/Windows/.test(e)?`Windows`:/Android/.test(e)?`Android`:/iPhone|iPad/.test(e)?`iOS`:/Mac OS/.test(e)?`macOS`:/Linux/.test(e)?`Linux`:``].filter(Boolean).join(` on `)||e||`Unknown browser`}function f({timezone:t,everywhere:r}){let[{data:f,error:p},m]=o({query:c,requestPolicy:`network-only`}),[h,g]=e(l),[_,v]=e(u);async function y(e,t){(await g({id:e})).error||(t?n(`/sign-in`):m({requestPolicy:`network-only`}))}let b=p??h.error??_.error;return(0,s.jsxs)(`section`,{className:`panel`,children:[(0,s.jsx)(`h2`,{children:`Signed-in browsers`}),(0,s.jsx)(`p`,{className:`hint`,children:`A session ends after 30 days without use, or when you end it here.`}),b&&(0,s.jsx)(`p`,{role:`alert`,className:`error`,children:i(b)}),f&&(0,s.jsx)(`div`,{className:`table-wrap`,tabIndex:0,children:(0,s.jsxs)(`table`,{"aria-label":`Sessions`,children:[(0,s.jsx)(`thead`,{children:(0,s.jsxs)(`tr`,{children:[(0,s.jsx)(`th`,{scope:`col`,children:`Browser`}),(0,s.jsx)(`th`,{scope:`col`,children:`Signed in`}),(0,s.jsx)(`th`,{scope:`col`,children:`Last used`}),(0,s.jsx)(`th`,{scope:`col`,children:(0,s.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,s.jsx)(`tbody`,{children:f.sessions.map(e=>(0,s.jsxs)(`tr`,{children:[(0,s.jsxs)(`th`,{scope:`row`,title:e.userAgent,children:[d(e.userAgent),e.current&&(0,s.jsx)(`strong`,{children:` (this browser)`})]}),(0,s.jsx)(`td`,{children:a(e.createdAt,t)}),(0,s.jsx)(`td`,{children:a(e.lastSeenAt,t)}),(0,s.jsx)(`td`,{children:(0,s.jsx)(`button`,{type:`button`,className:`danger`,"aria-label":e.current?`Sign out this browser`:`End session ${d(e.userAgent)} signed in ${a(e.createdAt,t)}`,onClick:()=>void y(e.id,e.current),children:e.current?`Sign out`:`End session`})})]},e.id))})]})}),r&&(0,s.jsx)(`p`,{children:(0,s.jsx)(`button`,{type:`button`,className:`danger`,onClick:()=>void v({}).then(e=>!e.error&&n(`/sign-in`)),children:`Sign out everywhere`})})]})}export{f as t};