import{A as e,D as t,P as n,S as r,_ as i,a,g as o,h as s,n as c,o as l,p as u,s as d,z as f}from"./index-DwXSPzj1.js";import{t as p}from"./PasswordLink-DDTzpiUn.js";import{t as m}from"./Facts-DAxO5Bt0.js";var h=f(n(),1),g=i(),_=r(`
  query AdminPartner($id: ID!) {
    partners(first: 1, where: { id: $id }) {
      edges {
        node {
          id name email timezone hasPassword disabledAt createdAt
          referralURL { id url redirectURL }
        }
      }
    }
  }
`),v=r(`
  query AdminPartnerStats($id: ID!, $range: DateRange!) {
    partners(first: 1, where: { id: $id }) {
      edges { node { id stats(range: $range) { ...StatsFields } } }
    }
  }
`);function y(){let{id:n=``}=e(),[r]=t({query:_,variables:{id:n}}),[i,a]=c(r,r.data?.partners.edges?.[0]?.node,`partner`);if(!i)return a;let s=[[`Email`,i.email],[`Timezone`,i.timezone],[`Password`,i.hasPassword?`Set`:`Not set yet (invitation not used)`],[`Status`,i.disabledAt?`Disabled since ${new Date(i.disabledAt).toLocaleString(`en-GB`)}`:`Active`],[`Referral URL`,i.referralURL?`${i.referralURL.url} → ${i.referralURL.redirectURL}`:`Not chosen yet`]];return(0,g.jsxs)(o,{title:i.name,children:[(0,g.jsx)(m,{items:s}),(0,g.jsx)(p,{partnerID:i.id,name:i.name}),(0,g.jsx)(b,{id:i.id,timezone:i.timezone})]})}function b({id:e,timezone:n}){let[r,i,o]=u(n),[{data:c,error:f},p]=t({query:v,variables:{id:e,range:r}}),m=(0,h.useCallback)(()=>p({requestPolicy:`network-only`}),[p]),_=c?.partners.edges?.[0]?.node?.stats;return(0,g.jsxs)(g.Fragment,{children:[(0,g.jsx)(d,{range:r,today:o,onChange:i}),(0,g.jsx)(s,{error:f}),(0,g.jsx)(l,{title:`Clicks and conversions`,stats:_}),(0,g.jsx)(a,{partnerID:e,timezone:n,onChange:m})]})}export{y as default};