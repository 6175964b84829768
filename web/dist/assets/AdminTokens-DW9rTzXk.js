import{D as e,M as t,b as n,d as r,g as i,p as a,u as o,x as s}from"./index-CtQVzr3g.js";import{t as c}from"./Copy-3IqSbKm5.js";import{t as l}from"./Sessions-DM3xtqCF.js";var u=t(e(),1),d=r(),f=i(`
  query APITokens {
    apiTokens {
      id
      name
      role
      createdAt
      revokedAt
    }
  }
`),p=i(`
  mutation CreateServiceToken($name: String!) {
    createServiceToken(name: $name)
  }
`),m=i(`
  mutation CreateAdminToken($name: String!) {
    createAdminToken(name: $name)
  }
`),h=i(`
  mutation RevokeToken($id: ID!) {
    revokeToken(id: $id) {
      id
      revokedAt
    }
  }
`);function g(e){return new Date(e).toLocaleString(`en-GB`,{timeZone:`UTC`,dateStyle:`medium`,timeStyle:`short`})+` UTC`}function _(){let[{data:e,error:t},r]=s({query:f,requestPolicy:`cache-and-network`}),[i,_]=(0,u.useState)(``),[v,y]=n(p),[b,x]=n(m),[S,C]=n(h),[w,T]=(0,u.useState)(null);async function E(e,t){t?.preventDefault();let n=i.trim();if(!n)return;let a=e===`service`?await y({name:n}):await x({name:n}),o=a.data&&(`createServiceToken`in a.data?a.data.createServiceToken:a.data.createAdminToken);!a.error&&o&&(T({name:n,role:e,token:o}),_(``),r({requestPolicy:`network-only`}))}let D=t??v.error??b.error??S.error;return(0,d.jsxs)(o,{title:`Service tokens`,children:[(0,d.jsxs)(`p`,{className:`hint`,children:[`A service token lets the company’s backend report signups (`,(0,d.jsx)(`code`,{children:`recordSignup`}),`) and tag customers. An admin token can do everything the admin can.`]}),(0,d.jsxs)(`form`,{className:`row panel`,onSubmit:e=>void E(`service`,e),children:[(0,d.jsxs)(`label`,{children:[`Token name`,(0,d.jsx)(`input`,{value:i,onChange:e=>_(e.target.value),required:!0,maxLength:100})]}),(0,d.jsx)(`button`,{type:`submit`,disabled:v.fetching,children:`Create service token`}),(0,d.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void E(`admin`),disabled:b.fetching,children:`Create admin token`})]}),w&&(0,d.jsxs)(`div`,{className:`stack`,children:[(0,d.jsxs)(`p`,{className:`warning`,children:[`The `,w.role,` token “`,w.name,`” is shown only now. Copy it to where it is used.`]}),(0,d.jsxs)(`div`,{className:`row`,children:[(0,d.jsx)(`output`,{className:`secret`,"aria-label":`New token`,children:w.token}),(0,d.jsx)(c,{text:w.token,label:`Copy token`})]})]}),D&&(0,d.jsx)(`p`,{role:`alert`,className:`error`,children:a(D)}),(0,d.jsx)(`h2`,{children:`Tokens`}),e&&e.apiTokens.length===0&&(0,d.jsx)(`p`,{children:`No admin or service tokens in the database.`}),e&&e.apiTokens.length>0&&(0,d.jsx)(`div`,{className:`table-wrap`,tabIndex:0,children:(0,d.jsxs)(`table`,{"aria-label":`Tokens`,children:[(0,d.jsx)(`thead`,{children:(0,d.jsxs)(`tr`,{children:[(0,d.jsx)(`th`,{scope:`col`,children:`Name`}),(0,d.jsx)(`th`,{scope:`col`,children:`Role`}),(0,d.jsx)(`th`,{scope:`col`,children:`Created`}),(0,d.jsx)(`th`,{scope:`col`,children:`Revoked`}),(0,d.jsx)(`th`,{scope:`col`,children:(0,d.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,d.jsx)(`tbody`,{children:e.apiTokens.map(e=>(0,d.jsxs)(`tr`,{children:[(0,d.jsx)(`th`,{scope:`row`,children:e.name}),(0,d.jsx)(`td`,{children:e.role===`ADMIN`?`Admin`:`Service`}),(0,d.jsx)(`td`,{children:g(e.createdAt)}),(0,d.jsx)(`td`,{children:e.revokedAt?g(e.revokedAt):`—`}),(0,d.jsx)(`td`,{children:!e.revokedAt&&(0,d.jsx)(`button`,{type:`button`,className:`danger`,"aria-label":`Revoke ${e.name}`,onClick:()=>void C({id:e.id}).then(()=>r({requestPolicy:`network-only`})),children:`Revoke`})})]},e.id))})]})}),(0,d.jsx)(l,{timezone:`UTC`,everywhere:!1})]})}export{_ as default};