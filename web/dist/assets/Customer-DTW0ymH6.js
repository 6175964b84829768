import{C as e,d as t,g as n,m as r,n as i,p as a,s as o,u as s,x as c}from"./index-CtQVzr3g.js";import{CustomerTags as l,TagsDoc as u,source as d}from"./Customers-B7jFRAbC.js";var f=t(),p=n(`
  query Customer($id: ID!) {
    node(id: $id) {
      __typename
      ... on Customer {
        ...CustomerRow
        externalID
        emailVerified
      }
    }
  }
`);function m(){let t=r(),{id:n=``}=e(),[{data:m,error:h},g]=c({query:p,variables:{id:n}}),[_]=c({query:u});if(m&&m.node?.__typename!==`Customer`||h?.graphQLErrors.some(e=>[`NOT_FOUND`,`BAD_USER_INPUT`].includes(String(e.extensions?.code))))return(0,f.jsx)(i,{what:`customer`});if(h)return(0,f.jsx)(s,{title:`Customer`,children:(0,f.jsx)(`p`,{role:`alert`,className:`error`,children:a(h)})});let v=m?.node?.__typename===`Customer`?m.node:null;return v?(0,f.jsxs)(s,{title:v.email,children:[(0,f.jsxs)(`dl`,{className:`facts`,children:[(0,f.jsx)(`dt`,{children:`Name`}),(0,f.jsx)(`dd`,{children:v.name??`—`}),(0,f.jsx)(`dt`,{children:`Signed up`}),(0,f.jsx)(`dd`,{children:o(v.signedUpAt,t.timezone)}),(0,f.jsx)(`dt`,{children:`Source`}),(0,f.jsx)(`dd`,{children:d(v)||`—`}),(0,f.jsx)(`dt`,{children:`Email verified`}),(0,f.jsx)(`dd`,{children:v.emailVerified?`Yes`:`No`}),(0,f.jsx)(`dt`,{children:`ID in your company’s system`}),(0,f.jsx)(`dd`,{children:v.externalID??`—`})]}),(0,f.jsx)(`h2`,{children:`Tags`}),(0,f.jsx)(l,{customer:v,allTags:_.data?.customerTags??[],onChange:()=>g({requestPolicy:`network-only`})})]}):(0,f.jsx)(`p`,{role:`status`,children:`Loading…`})}export{m as default};