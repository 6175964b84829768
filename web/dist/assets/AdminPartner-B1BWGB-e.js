import{E as e,N as t,R as n,a as r,f as i,g as a,h as o,i as s,k as c,m as l,n as u,o as d,x as f}from"./index-BL2wLLmi.js";import{t as p}from"./PasswordLink-C8c-rXDM.js";import{t as m}from"./Facts-BjUdUzRr.js";var h=n(t(),1),g=a(),_=f(`
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
`),v=f(`
  query AdminPartnerStats($id: ID!, $range: DateRange!) {
    partners(first: 1, where: { id: $id }) {
      edges { node { id stats(range: $range) { ...StatsFields } } }
    }
  }
`);function y(){let{id:t=``}=c(),[n]=e({query:_,variables:{id:t}}),[r,i]=u(n,n.data?.partners.edges?.[0]?.node,`partner`);if(!r)return i;let a=[[`Email`,r.email],[`Timezone`,r.timezone],[`Password`,r.hasPassword?`Set`:`Not set yet (invitation not used)`],[`Status`,r.disabledAt?`Disabled since ${new Date(r.disabledAt).toLocaleString(`en-GB`)}`:`Active`],[`Referral URL`,r.referralURL?`${r.referralURL.url} → ${r.referralURL.redirectURL}`:`Not chosen yet`]];return(0,g.jsxs)(o,{title:r.name,children:[(0,g.jsx)(m,{items:a}),(0,g.jsx)(p,{partnerID:r.id,name:r.name}),(0,g.jsx)(b,{id:r.id,timezone:r.timezone})]})}function b({id:t,timezone:n}){let[a,o,c]=i(n),[{data:u,error:f},p]=e({query:v,variables:{id:t,range:a}}),m=(0,h.useCallback)(()=>p({requestPolicy:`network-only`}),[p]),_=u?.partners.edges?.[0]?.node?.stats;return(0,g.jsxs)(g.Fragment,{children:[(0,g.jsx)(d,{range:a,today:c,onChange:o}),(0,g.jsx)(l,{error:f}),(0,g.jsx)(r,{title:`Clicks and conversions`,stats:_}),(0,g.jsx)(s,{partnerID:t,timezone:n,onChange:m})]})}export{y as default};