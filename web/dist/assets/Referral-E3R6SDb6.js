const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/browser-_57s8Ox2.js","assets/index-CYkKhnBd.js","assets/index-CaHqiLSH.css"])))=>i.map(i=>d[i]);
import{a as e,c as t,d as n,f as r,i,l as a,m as o,n as s,o as c,r as l,s as u,t as d,u as f}from"./index-CYkKhnBd.js";var p=o(r(),1),m=c();function h({text:e,label:t=`Copy`,what:n}){let[r,i]=(0,p.useState)(`idle`);async function a(){try{await navigator.clipboard.writeText(e),i(`copied`)}catch{i(`failed`)}setTimeout(()=>i(`idle`),2500)}return(0,m.jsxs)(m.Fragment,{children:[(0,m.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void a(),"aria-label":n?`${t} ${n}`:void 0,children:t}),(0,m.jsx)(`span`,{role:`status`,className:`hint`,children:r===`copied`?`Copied.`:r===`failed`?`Copying failed: select the text and copy it.`:``})]})}function g(e,t){let[n,r]=(0,p.useState)(e);return(0,p.useEffect)(()=>{let n=setTimeout(()=>r(e),t);return()=>clearTimeout(n)},[e,t]),n}var _=a(`
  query Referral($range: DateRange!) {
    me {
      id
      referralURL {
        id
        slug
        url
        redirectURL
        stats(range: $range) {
          ...StatsFields
        }
      }
    }
  }
`),v=a(`
  query SlugAvailable($slug: String!) {
    slugAvailable(slug: $slug) {
      slug
      status
      reason
    }
  }
`),y=a(`
  mutation CreateReferralURL($input: CreateReferralURLInput!) {
    createReferralURL(input: $input) {
      id
      slug
      url
      redirectURL
    }
  }
`),b=a(`
  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {
    updateReferralURL(input: $input) {
      id
      redirectURL
    }
  }
`),x=`Please note: once a referral URL is chosen you can’t edit it in future, so please choose your referral URL carefully.`;function S(){let r=t(),[a,o,c]=i(r.timezone),[{data:d,error:f,fetching:p},g]=n({query:_,variables:{range:a}}),v=d?.me?.referralURL;return(0,m.jsxs)(e,{title:`Referral URL`,children:[(0,m.jsx)(`p`,{className:`hint`,children:`Your referral URL is the link you share: everyone who signs up after following it is counted as your customer.`}),f&&(0,m.jsx)(`p`,{role:`alert`,className:`error`,children:u(f)}),!d&&p&&(0,m.jsx)(`p`,{role:`status`,children:`Loading…`}),d&&!v&&(0,m.jsx)(C,{onCreated:()=>g({requestPolicy:`network-only`})}),v&&(0,m.jsxs)(m.Fragment,{children:[(0,m.jsxs)(`section`,{className:`panel`,children:[(0,m.jsx)(`h2`,{id:`link-heading`,children:`Your link`}),(0,m.jsxs)(`p`,{className:`row`,children:[(0,m.jsx)(`a`,{href:v.url,className:`link`,children:v.url}),(0,m.jsx)(h,{text:v.url,label:`Copy link`})]}),(0,m.jsx)(T,{url:v.url,slug:v.slug})]}),(0,m.jsx)(w,{current:v.redirectURL}),(0,m.jsx)(l,{range:a,today:c,onChange:o}),(0,m.jsx)(s,{title:`This link’s clicks and conversions`,stats:v.stats})]})]})}function C({onCreated:e}){let[t,r]=(0,p.useState)(``),[i,a]=(0,p.useState)(``),[o,s]=(0,p.useState)(!1),c=g(t.trim(),250),[l]=n({query:v,variables:{slug:c},pause:c===``,requestPolicy:`network-only`}),[d,h]=f(y),_=c===t.trim()?l.data?.slugAvailable:void 0,b=`${window.location.origin}/r/`;function S(e){e.preventDefault(),_?.status===`AVAILABLE`&&s(!0)}async function C(){(await h({input:{slug:t.trim(),redirectURL:i.trim()}})).error||e()}return o?(0,m.jsxs)(`section`,{className:`panel`,children:[(0,m.jsx)(`h2`,{id:`confirm-heading`,children:`Confirm your referral URL`}),(0,m.jsxs)(`p`,{children:[`Your referral URL will be `,(0,m.jsx)(`strong`,{children:b+t.trim()}),`, redirecting to `,(0,m.jsx)(`strong`,{children:i.trim()}),`.`]}),(0,m.jsxs)(`p`,{className:`warning`,children:[x,` The slug can never change; the redirect URL can.`]}),d.error&&(0,m.jsx)(`p`,{role:`alert`,className:`error`,children:u(d.error)}),(0,m.jsxs)(`p`,{className:`row`,children:[(0,m.jsx)(`button`,{type:`button`,onClick:()=>void C(),disabled:d.fetching,children:`Create referral URL`}),(0,m.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>s(!1),children:`Back`})]})]}):(0,m.jsxs)(`section`,{className:`panel`,children:[(0,m.jsx)(`h2`,{id:`choose-heading`,children:`Choose your referral URL`}),(0,m.jsx)(`p`,{className:`warning`,children:x}),(0,m.jsxs)(`form`,{onSubmit:S,className:`stack`,children:[(0,m.jsxs)(`label`,{children:[`Slug`,(0,m.jsx)(`input`,{value:t,onChange:e=>r(e.target.value.toLowerCase()),required:!0,minLength:3,maxLength:32,autoComplete:`off`,"aria-describedby":`slug-hint slug-status`})]}),(0,m.jsxs)(`p`,{id:`slug-hint`,className:`hint`,children:[`3 to 32 lowercase letters, digits and hyphens. Your link: `,b,t.trim()||`…`]}),(0,m.jsx)(`p`,{id:`slug-status`,role:`status`,className:_?.status===`AVAILABLE`?`ok`:`error`,children:t.trim()===``?``:_?_.status===`AVAILABLE`?`“${_.slug}” is available.`:`Not available: ${_.reason??`“${_.slug}” is taken.`}`:``}),(0,m.jsxs)(`label`,{children:[`Redirect URL`,(0,m.jsx)(`input`,{type:`url`,value:i,onChange:e=>a(e.target.value),required:!0,placeholder:`https://`})]}),(0,m.jsx)(`p`,{className:`hint`,children:`The page a visitor sees after clicking your link. You can change it at any time.`}),(0,m.jsx)(`button`,{type:`submit`,disabled:_?.status!==`AVAILABLE`,children:`Continue`})]})]})}function w({current:e}){let[t,n]=(0,p.useState)(e),[r,i]=(0,p.useState)(!1),[a,o]=f(b);(0,p.useEffect)(()=>n(e),[e]);async function s(e){e.preventDefault(),i(!1),(await o({input:{redirectURL:t.trim()}})).error||i(!0)}return(0,m.jsxs)(`section`,{className:`panel`,children:[(0,m.jsx)(`h2`,{id:`redirect-heading`,children:`Redirect URL`}),(0,m.jsxs)(`form`,{onSubmit:s,className:`row`,children:[(0,m.jsxs)(`label`,{children:[`Redirect URL`,(0,m.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>{n(e.target.value),i(!1)},required:!0,size:50,"aria-invalid":a.error?!0:void 0,"aria-describedby":`redirect-error`})]}),(0,m.jsx)(`button`,{type:`submit`,disabled:a.fetching,children:`Save redirect URL`})]}),(0,m.jsx)(`p`,{id:`redirect-error`,role:`alert`,className:`error`,children:a.error?u(a.error):``}),(0,m.jsx)(`p`,{role:`status`,className:`ok`,children:r?`Saved.`:``})]})}function T({url:e,slug:t}){let[n,r]=(0,p.useState)(null),[i,a]=(0,p.useState)(null);return(0,p.useEffect)(()=>{let t=!0;return d(()=>import(`./browser-_57s8Ox2.js`).then(e=>o(e.default,1)).then(async n=>{let i=await n.toDataURL(e,{margin:2,width:768,errorCorrectionLevel:`M`}),o=await n.toString(e,{type:`svg`,margin:2,errorCorrectionLevel:`M`});t&&(r(i),a(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(o)}`))}),__vite__mapDeps([0,1,2])),()=>{t=!1}},[e]),!n||!i?null:(0,m.jsxs)(`div`,{className:`qr`,children:[(0,m.jsx)(`img`,{src:n,alt:`QR code of ${e}`}),(0,m.jsxs)(`p`,{className:`row`,children:[(0,m.jsx)(`a`,{href:n,download:`referral-${t}.png`,children:`Download QR code (PNG)`}),(0,m.jsx)(`a`,{href:i,download:`referral-${t}.svg`,children:`Download QR code (SVG)`})]})]})}export{S as default};