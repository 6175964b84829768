import{S as e,b as t,f as n,h as r,l as i,n as a,p as o,s,u as c}from"./index-CPe9fP1N.js";import{CustomerTags as l,TagsDoc as u,source as d}from"./Customers-B8FbXk3R.js";var f=c(),p=r(`
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
`);function m(){let r=o(),{id:c=``}=e(),[{data:m,error:h},g]=t({query:p,variables:{id:c}}),[_]=t({query:u});if(m&&m.node?.__typename!==`Customer`||h?.graphQLErrors.some(e=>[`NOT_FOUND`,`BAD_USER_INPUT`].includes(String(e.extensions?.code))))return(0,f.jsx)(a,{what:`customer`});if(h)return(0,f.jsx)(i,{title:`Customer`,children:(0,f.jsx)(`p`,{role:`alert`,className:`error`,children:n(h)})});let v=m?.node?.__typename===`Customer`?m.node:null;return v?(0,f.jsxs)(i,{title:v.email,children:[(0,f.jsxs)(`dl`,{className:`facts`,children:[(0,f.jsx)(`dt`,{children:`Name`}),(0,f.jsx)(`dd`,{children:v.name??`—`}),(0,f.jsx)(`dt`,{children:`Signed up`}),(0,f.jsx)(`dd`,{children:s(v.signedUpAt,r.timezone)}),(0,f.jsx)(`dt`,{children:`Source`}),(0,f.jsx)(`dd`,{children:d(v)||`—`}),(0,f.jsx)(`dt`,{children:`Email verified`}),(0,f.jsx)(`dd`,{children:v.emailVerified?`Yes`:`No`}),(0,f.jsx)(`dt`,{children:`ID in your company’s system`}),(0,f.jsx)(`dd`,{children:v.externalID??`—`})]}),(0,f.jsx)(`h2`,{children:`Tags`}),(0,f.jsx)(l,{customer:v,allTags:_.data?.customerTags??[],onChange:()=>g({requestPolicy:`network-only`})})]}):(0,f.jsx)(`p`,{role:`status`,children:`Loading…`})}export{m as default};