import{D as e,M as t,S as n,a as r,b as i,c as a,d as o,g as s,i as c,l,o as u,p as d,u as f,x as p}from"./index-CtQVzr3g.js";import{t as m}from"./SortHeader-BcFhKnkm.js";import{t as h}from"./Copy-3IqSbKm5.js";import{t as g}from"./PasswordLink-uf7i5g91.js";var _=t(e(),1),v=o(),y=s(`
  query Leaderboard($range: DateRange!, $orderBy: PartnerRankingOrder) {
    partnerLeaderboard(range: $range, orderBy: $orderBy) {
      partner {
        id
        name
        email
        timezone
        hasPassword
        disabledAt
      }
      uniqueClicks
      returningClicks
      totalClicks
      conversions
      conversionRate
    }
  }
`),b=s(`
  mutation CreatePartner($input: CreatePartnerInput!) {
    createPartner(input: $input) {
      partner {
        id
        name
      }
      token
      invitationURL
      invitationExpiresAt
    }
  }
`),x=[{key:`NAME`,label:`Partner`,numeric:!1},{key:`UNIQUE_CLICKS`,label:`Unique clicks`,numeric:!0},{key:`RETURNING_CLICKS`,label:`Returning clicks`,numeric:!0},{key:`TOTAL_CLICKS`,label:`Total clicks`,numeric:!0},{key:`CONVERSIONS`,label:`Conversions`,numeric:!0},{key:`CONVERSION_RATE`,label:`Conversion rate`,numeric:!0}];function S(){let[e,t,i]=l(`UTC`),[o,s]=(0,_.useState)({key:`CONVERSIONS`,dir:`desc`}),h=(0,_.useMemo)(()=>({field:o.key,direction:o.dir===`asc`?`ASC`:`DESC`}),[o]),[{data:b,error:S,fetching:C},T]=p({query:y,variables:{range:e,orderBy:h}}),E=b?.partnerLeaderboard??[];return(0,v.jsxs)(f,{title:`Partners`,children:[(0,v.jsx)(w,{onCreated:()=>T({requestPolicy:`network-only`})}),(0,v.jsx)(c,{range:e,today:i,onChange:t}),(0,v.jsx)(`p`,{className:`hint`,children:`Each partner’s days are its own timezone’s.`}),S&&(0,v.jsx)(`p`,{role:`alert`,className:`error`,children:d(S)}),!b&&C&&(0,v.jsx)(`p`,{role:`status`,children:`Loading…`}),b&&E.length===0&&(0,v.jsx)(`p`,{children:`No partners yet.`}),E.length>0&&(0,v.jsx)(`div`,{className:`table-wrap`,tabIndex:0,children:(0,v.jsxs)(`table`,{"aria-label":`Partners`,children:[(0,v.jsx)(`thead`,{children:(0,v.jsxs)(`tr`,{children:[(0,v.jsx)(`th`,{scope:`col`,children:`Rank`}),x.map(e=>(0,v.jsx)(m,{label:e.label,column:e.key,sort:o,onSort:s,numeric:e.numeric},e.key)),(0,v.jsx)(`th`,{scope:`col`,children:(0,v.jsx)(`span`,{className:`sr-only`,children:`Actions`})})]})}),(0,v.jsx)(`tbody`,{children:E.map((t,i)=>(0,v.jsxs)(`tr`,{children:[(0,v.jsx)(`td`,{className:`num`,children:i+1}),(0,v.jsxs)(`th`,{scope:`row`,children:[(0,v.jsx)(n,{to:`/admin/partners/${t.partner.id}${a(e)}`,children:t.partner.name}),(0,v.jsxs)(`div`,{className:`hint`,children:[t.partner.email,t.partner.disabledAt?` · disabled`:``,t.partner.hasPassword?``:` · no password yet`]})]}),(0,v.jsx)(`td`,{className:`num`,children:r(t.uniqueClicks)}),(0,v.jsx)(`td`,{className:`num`,children:r(t.returningClicks)}),(0,v.jsx)(`td`,{className:`num`,children:r(t.totalClicks)}),(0,v.jsx)(`td`,{className:`num`,children:r(t.conversions)}),(0,v.jsx)(`td`,{className:`num`,children:u(t.conversionRate)}),(0,v.jsx)(`td`,{children:(0,v.jsx)(g,{partnerID:t.partner.id,name:t.partner.name})})]},t.partner.id))})]})})]})}function C(){try{return Intl.supportedValuesOf(`timeZone`)}catch{return[`UTC`]}}function w({onCreated:e}){let[t,n]=(0,_.useState)(``),[r,a]=(0,_.useState)(``),[o,s]=(0,_.useState)(`UTC`),[c,l]=i(b),[u]=(0,_.useState)(C),f=c.data?.createPartner;async function p(i){i.preventDefault(),(await l({input:{name:t.trim(),email:r.trim(),timezone:o.trim()||null}})).error||(n(``),a(``),e())}return(0,v.jsxs)(`section`,{className:`panel`,children:[(0,v.jsx)(`h2`,{children:`New partner`}),(0,v.jsxs)(`form`,{className:`row`,onSubmit:p,children:[(0,v.jsxs)(`label`,{children:[`Partner name`,(0,v.jsx)(`input`,{value:t,onChange:e=>n(e.target.value),required:!0})]}),(0,v.jsxs)(`label`,{children:[`Partner email`,(0,v.jsx)(`input`,{type:`email`,value:r,onChange:e=>a(e.target.value),required:!0})]}),(0,v.jsxs)(`label`,{children:[`Timezone`,(0,v.jsx)(`input`,{value:o,onChange:e=>s(e.target.value),list:`timezones`,required:!0})]}),(0,v.jsx)(`datalist`,{id:`timezones`,children:u.map(e=>(0,v.jsx)(`option`,{value:e},e))}),(0,v.jsx)(`button`,{type:`submit`,disabled:c.fetching,children:`Create partner`})]}),(0,v.jsx)(`p`,{className:`hint`,children:`The timezone decides the partner’s days and cannot change later.`}),c.error&&(0,v.jsx)(`p`,{role:`alert`,className:`error`,children:d(c.error)}),f&&(0,v.jsxs)(`div`,{className:`stack`,children:[(0,v.jsxs)(`p`,{className:`warning`,children:[f.partner.name,` is created. Hand the invitation link to the partner (Reftrack sends no email); it is shown only now, works once and until `,new Date(f.invitationExpiresAt).toLocaleString(`en-GB`),`.`]}),(0,v.jsxs)(`div`,{className:`row`,children:[(0,v.jsx)(`output`,{className:`secret`,"aria-label":`Invitation link`,children:f.invitationURL}),(0,v.jsx)(h,{text:f.invitationURL,label:`Copy invitation link`})]}),(0,v.jsxs)(`div`,{className:`row`,children:[(0,v.jsx)(`output`,{className:`secret`,"aria-label":`Partner API token`,children:f.token}),(0,v.jsx)(h,{text:f.token,label:`Copy API token`})]})]})]})}export{S as default};