import{C as e,d as t,g as n,i as r,l as i,n as a,p as o,r as s,u as c,x as l}from"./index-CtQVzr3g.js";import{t as u}from"./PasswordLink-uf7i5g91.js";var d=t(),f=n(`
  query AdminPartner($id: ID!) {
    node(id: $id) {
      __typename
      ... on Partner {
        id
        name
        email
        timezone
        hasPassword
        disabledAt
        createdAt
        referralURL {
          id
          url
          redirectURL
        }
      }
    }
  }
`),p=n(`
  query AdminPartnerStats($id: ID!, $range: DateRange!) {
    node(id: $id) {
      __typename
      ... on Partner {
        id
        stats(range: $range) {
          ...StatsFields
        }
      }
    }
  }
`);function m(){let{id:t=``}=e(),[{data:n,error:r}]=l({query:f,variables:{id:t}}),i=n?.node?.__typename===`Partner`?n.node:null;return n&&!i||r?.graphQLErrors.some(e=>[`NOT_FOUND`,`BAD_USER_INPUT`].includes(String(e.extensions?.code)))?(0,d.jsx)(a,{what:`partner`}):r?(0,d.jsx)(c,{title:`Partner`,children:(0,d.jsx)(`p`,{role:`alert`,className:`error`,children:o(r)})}):i?(0,d.jsxs)(c,{title:i.name,children:[(0,d.jsxs)(`dl`,{className:`facts`,children:[(0,d.jsx)(`dt`,{children:`Email`}),(0,d.jsx)(`dd`,{children:i.email}),(0,d.jsx)(`dt`,{children:`Timezone`}),(0,d.jsx)(`dd`,{children:i.timezone}),(0,d.jsx)(`dt`,{children:`Password`}),(0,d.jsx)(`dd`,{children:i.hasPassword?`Set`:`Not set yet (invitation not used)`}),(0,d.jsx)(`dt`,{children:`Status`}),(0,d.jsx)(`dd`,{children:i.disabledAt?`Disabled since ${new Date(i.disabledAt).toLocaleString(`en-GB`)}`:`Active`}),(0,d.jsx)(`dt`,{children:`Referral URL`}),(0,d.jsx)(`dd`,{children:i.referralURL?`${i.referralURL.url} → ${i.referralURL.redirectURL}`:`Not chosen yet`})]}),(0,d.jsx)(u,{partnerID:i.id,name:i.name}),(0,d.jsx)(h,{id:i.id,timezone:i.timezone})]}):(0,d.jsx)(`p`,{role:`status`,children:`Loading…`})}function h({id:e,timezone:t}){let[n,a,c]=i(t),[{data:u,error:f}]=l({query:p,variables:{id:e,range:n}}),m=u?.node?.__typename===`Partner`?u.node.stats:null;return(0,d.jsxs)(d.Fragment,{children:[(0,d.jsx)(r,{range:n,today:c,onChange:a}),f&&(0,d.jsx)(`p`,{role:`alert`,className:`error`,children:o(f)}),(0,d.jsx)(s,{title:`Clicks and conversions`,stats:m})]})}export{m as default};