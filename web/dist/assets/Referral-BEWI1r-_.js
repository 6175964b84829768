const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/browser-BK_G3pG4.js","assets/index-BE5D0VMO.js","assets/index-VPmknalw.css"])))=>i.map(i=>d[i]);
import{S as e,b as t,c as n,d as r,f as i,g as a,h as o,i as s,l as c,p as l,r as u,t as d,u as f}from"./index-BE5D0VMO.js";import{t as p}from"./Copy-CwLzmWJ_.js";var m=e(t(),1);function h(e,t){let[n,r]=(0,m.useState)(e);return(0,m.useEffect)(()=>{let n=setTimeout(()=>r(e),t);return()=>clearTimeout(n)},[e,t]),n}var g=f(),_=l(`
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
`),v=l(`
  query SlugAvailable($slug: String!) {
    slugAvailable(slug: $slug) {
      slug
      status
      reason
    }
  }
`),y=l(`
  mutation CreateReferralURL($input: CreateReferralURLInput!) {
    createReferralURL(input: $input) {
      id
      slug
      url
      redirectURL
    }
  }
`),b=l(`
  mutation UpdateReferralURL($input: UpdateReferralURLInput!) {
    updateReferralURL(input: $input) {
      id
      redirectURL
    }
  }
`),x=`Please note: once a referral URL is chosen you can’t edit it in future, so please choose your referral URL carefully.`;function S(){let e=i(),[t,o,l]=n(e.timezone),[{data:d,error:f,fetching:m},h]=a({query:_,variables:{range:t}}),v=d?.me?.referralURL;return(0,g.jsxs)(c,{title:`Referral URL`,children:[(0,g.jsx)(`p`,{className:`hint`,children:`Your referral URL is the link you share: everyone who signs up after following it is counted as your customer.`}),f&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:r(f)}),!d&&m&&(0,g.jsx)(`p`,{role:`status`,children:`Loading…`}),d&&!v&&(0,g.jsx)(C,{onCreated:()=>h({requestPolicy:`network-only`})}),v&&(0,g.jsxs)(g.Fragment,{children:[(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`link-heading`,children:`Your link`}),(0,g.jsxs)(`p`,{className:`row`,children:[(0,g.jsx)(`a`,{href:v.url,className:`link`,children:v.url}),(0,g.jsx)(p,{text:v.url,label:`Copy link`})]}),(0,g.jsx)(T,{url:v.url,slug:v.slug})]}),(0,g.jsx)(w,{current:v.redirectURL}),(0,g.jsx)(s,{range:t,today:l,onChange:o}),(0,g.jsx)(u,{title:`This link’s clicks and conversions`,stats:v.stats})]})]})}function C({onCreated:e}){let[t,n]=(0,m.useState)(``),[i,s]=(0,m.useState)(``),[c,l]=(0,m.useState)(!1),u=h(t.trim(),250),[d]=a({query:v,variables:{slug:u},pause:u===``,requestPolicy:`network-only`}),[f,p]=o(y),_=u===t.trim()?d.data?.slugAvailable:void 0,b=`${window.location.origin}/r/`;function S(e){e.preventDefault(),_?.status===`AVAILABLE`&&l(!0)}async function C(){(await p({input:{slug:t.trim(),redirectURL:i.trim()}})).error||e()}return c?(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`confirm-heading`,children:`Confirm your referral URL`}),(0,g.jsxs)(`p`,{children:[`Your referral URL will be `,(0,g.jsx)(`strong`,{children:b+t.trim()}),`, redirecting to `,(0,g.jsx)(`strong`,{children:i.trim()}),`.`]}),(0,g.jsxs)(`p`,{className:`warning`,children:[x,` The slug can never change; the redirect URL can.`]}),f.error&&(0,g.jsx)(`p`,{role:`alert`,className:`error`,children:r(f.error)}),(0,g.jsxs)(`p`,{className:`row`,children:[(0,g.jsx)(`button`,{type:`button`,onClick:()=>void C(),disabled:f.fetching,children:`Create referral URL`}),(0,g.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>l(!1),children:`Back`})]})]}):(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`choose-heading`,children:`Choose your referral URL`}),(0,g.jsx)(`p`,{className:`warning`,children:x}),(0,g.jsxs)(`form`,{onSubmit:S,className:`stack`,children:[(0,g.jsxs)(`label`,{children:[`Slug`,(0,g.jsx)(`input`,{value:t,onChange:e=>n(e.target.value.toLowerCase()),required:!0,minLength:3,maxLength:32,autoComplete:`off`,"aria-describedby":`slug-hint slug-status`})]}),(0,g.jsxs)(`p`,{id:`slug-hint`,className:`hint`,children:[`3 to 32 lowercase letters, digits and hyphens. Your link: `,b,t.trim()||`…`]}),(0,g.jsx)(`p`,{id:`slug-status`,role:`status`,className:_?.status===`AVAILABLE`?`ok`:`error`,children:t.trim()===``?``:_?_.status===`AVAILABLE`?`“${_.slug}” is available.`:`Not available: ${_.reason??`“${_.slug}” is taken.`}`:``}),(0,g.jsxs)(`label`,{children:[`Redirect URL`,(0,g.jsx)(`input`,{type:`url`,value:i,onChange:e=>s(e.target.value),required:!0,placeholder:`https://`})]}),(0,g.jsx)(`p`,{className:`hint`,children:`The page a visitor sees after clicking your link. You can change it at any time.`}),(0,g.jsx)(`button`,{type:`submit`,disabled:_?.status!==`AVAILABLE`,children:`Continue`})]})]})}function w({current:e}){let[t,n]=(0,m.useState)(e),[i,a]=(0,m.useState)(!1),[s,c]=o(b);(0,m.useEffect)(()=>n(e),[e]);async function l(e){e.preventDefault(),a(!1),(await c({input:{redirectURL:t.trim()}})).error||a(!0)}return(0,g.jsxs)(`section`,{className:`panel`,children:[(0,g.jsx)(`h2`,{id:`redirect-heading`,children:`Redirect URL`}),(0,g.jsxs)(`form`,{onSubmit:l,className:`row`,children:[(0,g.jsxs)(`label`,{children:[`Redirect URL`,(0,g.jsx)(`input`,{type:`text`,inputMode:`url`,value:t,onChange:e=>{n(e.target.value),a(!1)},required:!0,size:50,"aria-invalid":s.error?!0:void 0,"aria-describedby":`redirect-error`})]}),(0,g.jsx)(`button`,{type:`submit`,disabled:s.fetching,children:`Save redirect URL`})]}),(0,g.jsx)(`p`,{id:`redirect-error`,role:`alert`,className:`error`,children:s.error?r(s.error):``}),(0,g.jsx)(`p`,{role:`status`,className:`ok`,children:i?`Saved.`:``})]})}function T({url:t,slug:n}){let[r,i]=(0,m.useState)(null),[a,o]=(0,m.useState)(null);return(0,m.useEffect)(()=>{let n=!0;return d(()=>import(`./browser-BK_G3pG4.js`).then(t=>e(t.default,1)).then(async e=>{let r=await e.toDataURL(t,{margin:2,width:768,errorCorrectionLevel:`M`}),a=await e.toString(t,{type:`svg`,margin:2,errorCorrectionLevel:`M`});n&&(i(r),o(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(a)}`))}),__vite__mapDeps([0,1,2])),()=>{n=!1}},[t]),!r||!a?null:(0,g.jsxs)(`div`,{className:`qr`,children:[(0,g.jsx)(`img`,{src:r,alt:`QR code of ${t}`}),(0,g.jsxs)(`p`,{className:`row`,children:[(0,g.jsx)(`a`,{href:r,download:`referral-${n}.png`,children:`Download QR code (PNG)`}),(0,g.jsx)(`a`,{href:a,download:`referral-${n}.svg`,children:`Download QR code (SVG)`})]})]})}export{S as default};