import{b as e,d as t,g as n,p as r}from"./index-CtQVzr3g.js";import{t as i}from"./Copy-3IqSbKm5.js";var a=t(),o=n(`
  mutation IssuePasswordLink($partnerID: ID!) {
    issuePasswordLink(partnerID: $partnerID) {
      url
      expiresAt
    }
  }
`);function s({partnerID:t,name:n}){let[s,c]=e(o),l=s.data?.issuePasswordLink;return(0,a.jsxs)(`div`,{className:`stack tight`,children:[(0,a.jsxs)(`button`,{type:`button`,className:`secondary`,onClick:()=>void c({partnerID:t}),disabled:s.fetching,children:[`Password link for `,n]}),l&&(0,a.jsxs)(`div`,{className:`row`,children:[(0,a.jsx)(`output`,{className:`secret`,"aria-label":`Password link for ${n}`,children:l.url}),(0,a.jsx)(i,{text:l.url,label:`Copy link`,what:`password link for ${n}`}),(0,a.jsxs)(`span`,{className:`hint`,children:[`Valid until `,new Date(l.expiresAt).toLocaleString(`en-GB`),`, once. Earlier links stop working. Hand it to the partner yourself: Reftrack sends no email.`]})]}),s.error&&(0,a.jsx)(`p`,{role:`alert`,className:`error`,children:r(s.error)})]})}export{s as t};