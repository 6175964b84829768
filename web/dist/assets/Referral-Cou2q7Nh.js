const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/browser-D3JlsGBR.js","assets/index-CtQVzr3g.js","assets/index-bySeGnFO.css"])))=>i.map(i=>d[i]);
import{D as e,M as t,b as n,d as r,g as i,i as a,l as o,m as s,p as c,r as l,t as u,u as d,x as f}from"./index-CtQVzr3g.js";import{t as p}from"./Copy-3IqSbKm5.js";var m=t(e(),1);function h(e,t){let[n,r]=(0,m.useState)(e);return(0,m.useEffect)(()=>{let n=setTimeout(()=>r(e),t);return()=>clearTimeout(n)},[e,t]),n}var g=r(),_=i(`
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
`),v=i(`
  query SlugAvailable($slug: String!) {
    slugAvailable(slug: $slug) {
      slug
      status
      reason
    }
  }
`),y=i(`
  mutation CreateReferralURL($input: CreateReferralURLInput!) {
    createReferralURL(input: $input) {
      id
      slug
      url
      redirectURL
    }
  }
`),b=i(`
  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {
    updateReferralURL(input: $input) {
      id
      redirectURL
    }
  }
`),x=`Please note: once a referral URL is chosen you can’t edit it in future, so please choose your referral URL carefully.`;function S(){let e=s(),[t,n,r]=o(e.timezone),[{data:i,error:u,fetching:m},h]=f({query:_,variables:{range:t}}),v=i?.me?.referralURL;return(0,g.jsxs)(d,{title:`Referral URL`,children:[(0,g.jsx)(`p`,{className:`hint`,children:`Your referral URL is the link you share: everyone who signs up after following it is counted as your customer.`}),u&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:c(u)}),!i&&m&&(0,g.jsx)(`p`,{role:`status`,children:`Loading…`}),i&&!v&&(0,g.jsx)(C,{onCreated:()=>h({requestPolicy:`network-only`})}),v&&(0,g.jsxs)(g.Fragment,{children:[(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`link-heading`,children:`Your link`}),(0,g.jsxs)(`p`,{className:`row`,children:[(0,g.jsx)(`a`,{href:v.url,className:`link`,children:v.url}),(0,g.jsx)(p,{text:v.url,label:`Copy link`})]}),(0,g.jsx)(T,{url:v.url,slug:v.slug})]}),(0,g.jsx)(w,{current:v.redirectURL}),(0,g.jsx)(a,{range:t,today:r,onChange:n}),(0,g.jsx)(l,{title:`This link’s clicks and conversions`,stats:v.stats})]})]})}function C({onCreated:e}){let[t,r]=(0,m.useState)(``),[i,a]=(0,m.useState)(``),[o,s]=(0,m.useState)(!1),l=h(t.trim(),250),[u]=f({query:v,variables:{slug:l},pause:l===``,requestPolicy:`network-only`}),[d,p]=n(y),_=l===t.trim()?u.data?.slugAvailable:void 0,b=`${window.location.origin}/r/`;function S(e){e.preventDefault(),_?.status===`AVAILABLE`&&s(!0)}async function C(){(await p({input:{slug:t.trim(),redirectURL:i.trim()}})).error||e()}return o?(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`confirm-heading`,children:`Confirm your referral URL`}),(0,g.jsxs)(`p`,{children:[`Your referral URL will be `,(0,g.jsx)(`strong`,{children:b+t.trim()}),`, redirecting to `,(0,g.jsx)(`strong`,{children:i.trim()}),`.`]}),(0,g.jsxs)(`p`,{className:`warning`,children:[x,` The slug can never change; the redirect URL can.`]}),d.error&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:c(d.error)}),(0,g.jsxs)(`p`,{className:`row`,children:[(0,g.jsx)(`button`,{type:`button`,onClick:()=>void C(),disabled:d.fetching,children:`Create referral URL`}),(0,g.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>s(!1),children:`Back`})]})]}):(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`choose-heading`,children:`Choose your referral URL`}),(0,g.jsx)(`p`,{className:`warning`,children:x}),(0,g.jsxs)(`form`,{onSubmit:S,className:`stack`,children:[(0,g.jsxs)(`label`,{children:[`Slug`,(0,g.jsx)(`input`,{value:t,onChange:e=>r(e.target.value.toLowerCase()),required:!0,minLength:3,maxLength:32,autoComplete:`off`,"aria-describedby":`slug-hint slug-status`})]}),(0,g.jsxs)(`p`,{id:`slug-hint`,className:`hint`,children:[`3 to 32 lowercase letters, digits and hyphens. Your link: `,b,t.trim()||`…`]}),(0,g.jsx)(`p`,{id:`slug-status`,role:`status`,className:_?.status===`AVAILABLE`?`ok`:`error`,children:t.trim()===``?``:_?_.status===`AVAILABLE`?`“${_.slug}” is available.`:`Not available: ${_.reason??`“${_.slug}” is taken.`}`:``}),(0,g.jsxs)(`label`,{children:[`Redirect URL`,(0,g.jsx)(`input`,{type:`url`,value:i,onChange:e=>a(e.target.value),required:!0,placeholder:`https://`})]}),(0,g.jsx)(`p`,{className:`hint`,children:`The page a visitor sees after clicking your link. You can change it at any time.`}),(0,g.jsx)(`button`,{type:`submit`,disabled:_?.status!==`AVAILABLE`,children:`Continue`})]})]})}function w({current:e}){let[t,r]=(0,m.useState)(e),[i,a]=(0,m.useState)(!1),[o,s]=n(b);(0,m.useEffect)(()=>r(e),[e]);async function l(e){e.preventDefault(),a(!1),(await s({input:{redirectURL:t.trim()}})).error||a(!0)}return(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`redirect-heading`,children:`Redirect URL`}),(0,g.jsxs)(`form`,{onSubmit:l,className:`row`,children:[(0,g.jsxs)(`label`,{children:[`Redirect URL`,(0,g.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>{r(e.target.value),a(!1)},required:!0,size:50,"aria-invalid":o.error?!0:void 0,"aria-describedby":`redirect-error`})]}),(0,g.jsx)(`button`,{type:`submit`,disabled:o.fetching,children:`Save redirect URL`})]}),(0,g.jsx)(`p`,{id:`redirect-error`,role:`alert`,className:`error`,children:o.error?c(o.error):``}),(0,g.jsx)(`p`,{role:`status`,className:`ok`,children:i?`Saved.`:``})]})}function T({url:e,slug:n}){let[r,i]=(0,m.useState)(null),[a,o]=(0,m.useState)(null);return(0,m.useEffect)(()=>{let n=!0;return u(()=>import(`./browser-D3JlsGBR.js`).then(e=>t(e.default,1)).then(async t=>{let r=await t.toDataURL(e,{margin:2,width:768,errorCorrectionLevel:`M`}),a=await t.toString(e,{type:`svg`,margin:2,errorCorrectionLevel:`M`});n&&(i(r),o(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(a)}`))}),__vite__mapDeps([0,1,2])),()=>{n=!1}},[e]),!r||!a?null:(0,g.jsxs)(`div`,{className:`qr`,children:[(0,g.jsx)(`img`,{src:r,alt:`QR code of ${e}`}),(0,g.jsxs)(`p`,{className:`row`,children:[(0,g.jsx)(`a`,{href:r,download:`referral-${n}.png`,children:`Download QR code (PNG)`}),(0,g.jsx)(`a`,{href:a,download:`referral-${n}.svg`,children:`Download QR code (SVG)`})]})]})}export{S as default};