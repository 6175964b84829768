import{A as e,D as t,E as n,P as r,S as i,_ as a,c as o,g as s,h as c,k as l,m as u,n as d,r as f,u as p,x as m,z as h}from"./index-DwXSPzj1.js";import{t as g}from"./Facts-DAxO5Bt0.js";import{t as _}from"./Secret-o7r22mrb.js";import{t as v}from"./Table-Dqlr83zT.js";import{a as y,i as b,n as x,o as S,r as C,t as w}from"./webhooks-DMix2OMD.js";var T=h(r(),1),E=a(),D=i(`
  query WebhookEndpoint($id: ID!) {
    node(id: $id) {
      ... on WebhookEndpoint {
        ...WebhookEndpointFields
      }
    }
  }
`),O=i(`
  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    node(id: $id) {
      ... on WebhookEndpoint {
        id
        attempts(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {
          totalCount
          pageInfo {
            hasNextPage
            hasPreviousPage
            startCursor
            endCursor
          }
          edges {
            node {
              id
              createdAt
              eventID
              eventType
              statusCode
              ok
              latencyMs
              response
            }
          }
        }
      }
    }
  }
`),k=i(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhookEndpointFields } }
`),A=i(`
  mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }
`),j=i(`
  mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }
`),M=i(`
  mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }
`),N=i(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`),P=i(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhook(endpointID: $id) {
      id
      statusCode
      ok
      latencyMs
    }
  }
`),F=i(`
  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {
    replayWebhookEvent(endpointID: $id, eventID: $eventID)
  }
`),I=i(`
  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {
    resendFailedWebhooks(endpointID: $id, since: $since)
  }
`),L=20;function R(e){return e.length>200?`${e.slice(0,200)}…`:e}function z(){return new Date(Date.now()-864e5-new Date().getTimezoneOffset()*6e4).toISOString().slice(0,16)}function B(){let{id:n=``}=e(),[r,i]=t({query:D,variables:{id:n}}),[a,o]=d(r,f(r.data?.node),`webhook endpoint`);return a?(0,E.jsx)(V,{ep:a,reload:()=>i({requestPolicy:`network-only`})}):o}function V({ep:e,reload:t}){let r=y(),i=m().kind===`admin`,a=S(),o=l(),[u,d]=n(j),[f,h]=n(M),[v,x]=n(A),[w,D]=n(N),[O,k]=(0,T.useState)(!1),[P,F]=(0,T.useState)(0),I=()=>F(e=>e+1),L=u.error??f.error??v.error??w.error;async function R(){(await D({id:e.id})).error||o(a)}return(0,E.jsxs)(s,{title:`Webhook endpoint`,children:[(0,E.jsx)(g,{items:[[`URL`,(0,E.jsx)(`span`,{className:`link`,children:e.url})],...i?[[`Owner`,e.partner?e.partner.name:`Program-wide (every partner’s events)`]]:[],[`Description`,e.description||`—`],[`Events`,b(e.eventTypes)],[`Created`,p(e.createdAt,r)],[`Status`,(0,E.jsx)(`span`,{className:e.disabledAt?`error`:void 0,children:C(e,r)})]]}),(0,E.jsx)(`div`,{className:`row`,children:e.disabledAt?(0,E.jsx)(`button`,{type:`button`,onClick:()=>void h({id:e.id}).then(I),disabled:f.fetching,children:`Enable endpoint`}):(0,E.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void d({id:e.id}),disabled:u.fetching,children:`Disable endpoint`})}),e.disabledAt&&(0,E.jsx)(`p`,{className:`hint`,children:`Its deliveries wait: enabling it sends them first, then everything that happened meanwhile.`}),(0,E.jsx)(c,{error:L}),(0,E.jsx)(H,{ep:e,onSaved:t}),(0,E.jsxs)(`section`,{className:`panel`,children:[(0,E.jsx)(`h2`,{children:`Signing secret`}),(0,E.jsx)(`p`,{children:`A new secret replaces the current one; the old one keeps signing beside it for 24 hours, so your receiver can switch without missing a delivery.`}),v.data?(0,E.jsxs)(`div`,{className:`stack`,children:[(0,E.jsx)(`p`,{className:`warning`,children:`The new secret is shown only now.`}),(0,E.jsx)(_,{label:`New signing secret`,value:v.data.rotateWebhookSecret.secret,copy:`Copy secret`})]}):(0,E.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void x({id:e.id}),disabled:v.fetching,children:`Rotate secret`})]}),(0,E.jsx)(U,{id:e.id,onSent:I}),(0,E.jsx)(W,{id:e.id,tz:r,version:P,onReplayed:I}),(0,E.jsxs)(`section`,{className:`panel`,children:[(0,E.jsx)(`h2`,{children:`Delete`}),O?(0,E.jsxs)(`p`,{className:`row`,children:[(0,E.jsx)(`span`,{children:`Its log and the deliveries still owed go with it.`}),(0,E.jsx)(`button`,{type:`button`,className:`danger`,onClick:()=>void R(),disabled:w.fetching,children:`Yes, delete endpoint`}),(0,E.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>k(!1),children:`Keep endpoint`})]}):(0,E.jsx)(`button`,{type:`button`,className:`danger`,onClick:()=>k(!0),children:`Delete endpoint`})]})]})}function H({ep:e,onSaved:r}){let[i]=t({query:x}),[a,o]=(0,T.useState)(e.url),[s,l]=(0,T.useState)(e.description),[d,f]=(0,T.useState)([...e.eventTypes]),[p,m]=n(k),[h,g]=(0,T.useState)(!1);(0,T.useEffect)(()=>g(!1),[a,s,d]);async function _(t){t.preventDefault(),(await m({input:{id:e.id,url:a.trim(),description:s.trim(),eventTypes:d}})).error||(g(!0),r())}return(0,E.jsxs)(`section`,{className:`panel`,children:[(0,E.jsx)(`h2`,{children:`Settings`}),(0,E.jsxs)(`form`,{className:`stack`,onSubmit:e=>void _(e),children:[(0,E.jsx)(u,{label:`Endpoint URL`,type:`url`,value:a,onValue:o,required:!0}),(0,E.jsx)(u,{label:`Description`,value:s,onValue:l,maxLength:500}),(0,E.jsx)(w,{all:i.data?.webhookEventTypes??[],chosen:d,onChange:f}),(0,E.jsxs)(`div`,{className:`row`,children:[(0,E.jsx)(`button`,{type:`submit`,disabled:p.fetching,children:`Save changes`}),(0,E.jsx)(`span`,{role:`status`,className:`ok`,children:h?`Saved.`:``})]})]}),(0,E.jsx)(c,{error:p.error??i.error})]})}function U({id:e,onSent:t}){let[r,i]=n(P),[a,s]=n(F),[l,d]=n(I),[f,p]=(0,T.useState)(``),[m,h]=(0,T.useState)(z),[g,_]=(0,T.useState)(``),v=r.error??a.error??l.error;async function y(){_(``);let n=(await i({id:e})).data?.sendTestWebhook;n&&(_(n.ok?`The test event was answered ${n.statusCode} in ${o(n.latencyMs)} ms.`:`The test event failed: ${n.statusCode===0?`no answer`:`status ${n.statusCode}`} after ${o(n.latencyMs)} ms.`),t())}async function b(n){n.preventDefault(),_(``);let r=f.trim();(await s({id:e,eventID:r})).error||(_(`${r} will be delivered again in a moment.`),p(``),t())}async function x(n){n.preventDefault(),_(``);let r=new Date(m);if(Number.isNaN(r.getTime()))return;let i=await d({id:e,since:r.toISOString()});if(!i.error&&i.data){let e=i.data.resendFailedWebhooks;_(e===1?`1 failed delivery will be sent again.`:`${o(e)} failed deliveries will be sent again.`),t()}}return(0,E.jsxs)(`section`,{className:`panel`,children:[(0,E.jsx)(`h2`,{children:`Send`}),(0,E.jsxs)(`div`,{className:`stack`,children:[(0,E.jsxs)(`div`,{className:`row`,children:[(0,E.jsx)(`button`,{type:`button`,onClick:()=>void y(),disabled:r.fetching,children:`Send test event`}),(0,E.jsxs)(`span`,{className:`hint`,children:[`A signed `,(0,E.jsx)(`code`,{children:`webhook.test`}),` message, sent now.`]})]}),(0,E.jsxs)(`form`,{className:`row`,onSubmit:e=>void b(e),children:[(0,E.jsx)(u,{label:`Event ID`,value:f,onValue:p,required:!0,placeholder:`evt_…`}),(0,E.jsx)(`button`,{type:`submit`,className:`secondary`,disabled:a.fetching,children:`Replay event`})]}),(0,E.jsxs)(`form`,{className:`row`,onSubmit:e=>void x(e),children:[(0,E.jsx)(u,{label:`Failed since`,type:`datetime-local`,value:m,onValue:h,required:!0}),(0,E.jsx)(`button`,{type:`submit`,className:`secondary`,disabled:l.fetching,children:`Resend failed deliveries`})]}),(0,E.jsx)(`p`,{role:`status`,className:`ok`,children:g}),(0,E.jsx)(c,{error:v})]})]})}function W({id:e,tz:r,version:i,onReplayed:a}){let[s,l]=(0,T.useState)({}),u=s.before?{id:e,last:L,before:s.before}:{id:e,first:L,after:s.after},[{data:d,error:m,fetching:h},g]=t({query:O,variables:u,requestPolicy:`network-only`}),[_,y]=n(F);(0,T.useEffect)(()=>{i>0&&g({requestPolicy:`network-only`})},[i,g]);let b=f(d?.node)?.attempts??null,x=b?.edges?.flatMap(e=>e?.node?[e.node]:[])??[];return(0,E.jsxs)(`section`,{className:`panel`,children:[(0,E.jsx)(`h2`,{children:`Delivery log`}),(0,E.jsxs)(`div`,{className:`row`,children:[(0,E.jsx)(`p`,{className:`grow`,role:`status`,children:b?b.totalCount===1?`1 attempt`:`${o(b.totalCount)} attempts`:h?`Loading…`:``}),(0,E.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>g({requestPolicy:`network-only`}),children:`Refresh log`})]}),(0,E.jsx)(c,{error:m??_.error}),x.length>0&&(0,E.jsx)(v,{label:`Delivery log`,head:[`Time`,`Event`,`Status`,`Latency`,`Response`],actions:!0,children:x.map(t=>(0,E.jsxs)(`tr`,{children:[(0,E.jsx)(`th`,{scope:`row`,children:p(t.createdAt,r)}),(0,E.jsxs)(`td`,{children:[t.eventType,(0,E.jsx)(`br`,{}),(0,E.jsx)(`code`,{children:t.eventID})]}),(0,E.jsxs)(`td`,{className:t.ok?`ok`:`error`,children:[t.statusCode===0?`no answer`:t.statusCode,` `,t.ok?`(delivered)`:`(failed)`]}),(0,E.jsxs)(`td`,{className:`num`,children:[o(t.latencyMs),` ms`]}),(0,E.jsx)(`td`,{children:(0,E.jsx)(`code`,{children:R(t.response)||`—`})}),(0,E.jsx)(`td`,{children:t.eventID.startsWith(`evt_`)&&(0,E.jsx)(`button`,{type:`button`,className:`secondary`,"aria-label":`Replay ${t.eventID}`,onClick:()=>void y({id:e,eventID:t.eventID}).then(e=>!e.error&&a()),disabled:_.fetching,children:`Replay`})})]},t.id))}),b&&(b.pageInfo.hasNextPage||b.pageInfo.hasPreviousPage||s.after||s.before)&&(0,E.jsxs)(`nav`,{"aria-label":`Log pages`,className:`row`,children:[(0,E.jsx)(`button`,{type:`button`,className:`secondary`,disabled:!s.after&&!s.before?!0:s.before?!b.pageInfo.hasPreviousPage:!1,onClick:()=>l({before:b.pageInfo.startCursor??void 0}),children:`Newer attempts`}),(0,E.jsx)(`button`,{type:`button`,className:`secondary`,disabled:!s.before&&!b.pageInfo.hasNextPage,onClick:()=>l({after:b.pageInfo.endCursor??void 0}),children:`Older attempts`})]})]})}export{B as default};