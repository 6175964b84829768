import{E as e,L as t,M as n,O as r,a as i,f as a,g as o,h as s,i as c,m as l,n as u,o as d,x as f}from"./index-D6n4eNZj.js";import{t as p}from"./PasswordLink-Bjs1gtwE.js";import{t as m}from"./Facts-_oq7FgXG.js";var h=t(n(),1),g=o(),_=f(`
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
`);function y(){let{id:t=``}=r(),[n]=e({query:_,variables:{id:t}}),[i,a]=u(n,n.data?.partners.edges?.[0]?.node,`partner`);if(!i)return a;let o=[[`Email`,i.email],[`Timezone`,i.timezone],[`Password`,i.hasPassword?`Set`:`Not set yet (invitation not used)`],[`Status`,i.disabledAt?`Disabled since ${new Date(i.disabledAt).toLocaleString(`en-GB`)}`:`Active`],[`Referral URL`,i.referralURL?`${i.referralURL.url} → ${i.referralURL.redirectURL}`:`Not chosen yet`]];return(0,g.jsxs)(s,{title:i.name,children:[(0,g.jsx)(m,{items:o}),(0,g.jsx)(p,{partnerID:i.id,name:i.name}),(0,g.jsx)(b,{id:i.id,timezone:i.timezone})]})}function b({id:t,timezone:n}){let[r,o,s]=a(n),[{data:u,error:f},p]=e({query:v,variables:{id:t,range:r}}),m=(0,h.useCallback)(()=>p({requestPolicy:`network-only`}),[p]),_=u?.partners.edges?.[0]?.node?.stats;return(0,g.jsxs)(g.Fragment,{children:[(0,g.jsx)(d,{range:r,today:s,onChange:o}),(0,g.jsx)(l,{error:f}),(0,g.jsx)(i,{title:`Clicks and conversions`,stats:_}),(0,g.jsx)(c,{partnerID:t,timezone:n,onChange:m})]})}export{y as default};