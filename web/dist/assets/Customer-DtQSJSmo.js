import{E as e,g as t,h as n,k as r,l as i,n as a,x as o,y as s}from"./index-BL2wLLmi.js";import{t as c}from"./Facts-BjUdUzRr.js";import{CustomerTags as l,TagsDoc as u,source as d}from"./Customers-CU8td5Ai.js";var f=t(),p=o(`
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
`);function m(){let t=s(),{id:o=``}=r(),[m,h]=e({query:p,variables:{id:o}}),[g]=e({query:u}),[_,v]=a(m,m.data?.node?.__typename===`Customer`?m.data.node:null,`customer`);return _?(0,f.jsxs)(n,{title:_.email,children:[(0,f.jsx)(c,{items:[[`Name`,_.name??`—`],[`Signed up`,i(_.signedUpAt,t.timezone)],[`Source`,d(_)||`—`],[`Email verified`,_.emailVerified?`Yes`:`No`],[`ID in your company’s system`,_.externalID??`—`]]}),(0,f.jsx)(`h2`,{children:`Tags`}),(0,f.jsx)(l,{customer:_,allTags:g.data?.customerTags??[],onChange:()=>h({requestPolicy:`network-only`})})]}):v}export{m as default};