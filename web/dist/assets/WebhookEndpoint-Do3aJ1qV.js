import{E as e,N as t,O as n,R as r,T as i,b as a,g as o,h as s,k as c,l,m as u,n as d,p as f,s as p,x as m}from"./index-BL2wLLmi.js";import{t as h}from"./Facts-BjUdUzRr.js";import{t as g}from"./Secret-DFWnVSTu.js";import{t as _}from"./Table-2Iniq_d4.js";import{a as v,i as y,n as b,o as x,r as S,t as C}from"./webhooks-CwGBV5Qw.js";var w=r(t(),1),T=o(),E=m(`
  query WebhookEndpoint($id: ID!) {
    node(id: $id) {
      __typename
      ... on WebhookEndpoint {
        ...WebhookEndpointFields
      }
    }
  }
`),D=m(`
  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    node(id: $id) {
      __typename
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
`),O=m(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      ...WebhookEndpointFields
    }
  }
`),k=m(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
    }
  }
`),A=m(`
  mutation DisableWebhookEndpoint($id: ID!) {
    disableWebhookEndpoint(id: $id) {
      ...WebhookEndpointFields
    }
  }
`),j=m(`
  mutation EnableWebhookEndpoint($id: ID!) {
    enableWebhookEndpoint(id: $id) {
      ...WebhookEndpointFields
    }
  }
`),M=m(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`),N=m(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhook(endpointID: $id) {
      id
      statusCode
      ok
      latencyMs
    }
  }
`),P=m(`
  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {
    replayWebhookEvent(endpointID: $id, eventID: $eventID)
  }
`),F=m(`
  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {
    resendFailedWebhooks(endpointID: $id, since: $since)
  }
`),I=20;function L(e){return e.length>200?`${e.slice(0,200)}…`:e}function R(){return new Date(Date.now()-864e5-new Date().getTimezoneOffset()*6e4).toISOString().slice(0,16)}function z(){let{id:t=``}=c(),[n,r]=e({query:E,variables:{id:t}}),[i,a]=d(n,n.data?.node?.__typename===`WebhookEndpoint`?n.data.node:null,`webhook endpoint`);return i?(0,T.jsx)(B,{ep:i,reload:()=>r({requestPolicy:`network-only`})}):a}function B({ep:e,reload:t}){let r=v(),o=a().kind===`admin`,c=x(),d=n(),[f,p]=i(A),[m,_]=i(j),[b,C]=i(k),[E,D]=i(M),[O,N]=(0,w.useState)(!1),[P,F]=(0,w.useState)(0),I=()=>F(e=>e+1),L=f.error??m.error??b.error??E.error;async function R(){(await D({id:e.id})).error||d(c)}return(0,T.jsxs)(s,{title:`Webhook endpoint`,children:[(0,T.jsx)(h,{items:[[`URL`,(0,T.jsx)(`span`,{className:`link`,children:e.url})],...o?[[`Owner`,e.partner?e.partner.name:`Program-wide (every partner’s events)`]]:[],[`Description`,e.description||`—`],[`Events`,y(e.eventTypes)],[`Created`,l(e.createdAt,r)],[`Status`,(0,T.jsx)(`span`,{className:e.disabledAt?`error`:void 0,children:S(e,r)})]]}),(0,T.jsx)(`div`,{className:`row`,children:e.disabledAt?(0,T.jsx)(`button`,{type:`button`,onClick:()=>void _({id:e.id}).then(I),disabled:m.fetching,children:`Enable endpoint`}):(0,T.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void p({id:e.id}),disabled:f.fetching,children:`Disable endpoint`})}),e.disabledAt&&(0,T.jsx)(`p`,{className:`hint`,children:`Its deliveries wait: enabling it sends them first, then everything that happened meanwhile.`}),(0,T.jsx)(u,{error:L}),(0,T.jsx)(V,{ep:e,onSaved:t}),(0,T.jsxs)(`section`,{className:`panel`,children:[(0,T.jsx)(`h2`,{children:`Signing secret`}),(0,T.jsx)(`p`,{children:`A new secret replaces the current one; the old one keeps signing beside it for 24 hours, so your receiver can switch without missing a delivery.`}),b.data?(0,T.jsxs)(`div`,{className:`stack`,children:[(0,T.jsx)(`p`,{className:`warning`,children:`The new secret is shown only now.`}),(0,T.jsx)(g,{label:`New signing secret`,value:b.data.rotateWebhookSecret.secret,copy:`Copy secret`})]}):(0,T.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>void C({id:e.id}),disabled:b.fetching,children:`Rotate secret`})]}),(0,T.jsx)(H,{id:e.id,onSent:I}),(0,T.jsx)(U,{id:e.id,tz:r,version:P,onReplayed:I}),(0,T.jsxs)(`section`,{className:`panel`,children:[(0,T.jsx)(`h2`,{children:`Delete`}),O?(0,T.jsxs)(`p`,{className:`row`,children:[(0,T.jsx)(`span`,{children:`Its log and the deliveries still owed go with it.`}),(0,T.jsx)(`button`,{type:`button`,className:`danger`,onClick:()=>void R(),disabled:E.fetching,children:`Yes, delete endpoint`}),(0,T.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>N(!1),children:`Keep endpoint`})]}):(0,T.jsx)(`button`,{type:`button`,className:`danger`,onClick:()=>N(!0),children:`Delete endpoint`})]})]})}function V({ep:t,onSaved:n}){let[r]=e({query:b}),[a,o]=(0,w.useState)(t.url),[s,c]=(0,w.useState)(t.description),[l,d]=(0,w.useState)([...t.eventTypes]),[p,m]=i(O),[h,g]=(0,w.useState)(!1);(0,w.useEffect)(()=>g(!1),[a,s,l]);async function _(e){e.preventDefault(),(await m({input:{id:t.id,url:a.trim(),description:s.trim(),eventTypes:l}})).error||(g(!0),n())}return(0,T.jsxs)(`section`,{className:`panel`,children:[(0,T.jsx)(`h2`,{children:`Settings`}),(0,T.jsxs)(`form`,{className:`stack`,onSubmit:e=>void _(e),children:[(0,T.jsx)(f,{label:`Endpoint URL`,type:`url`,value:a,onValue:o,required:!0}),(0,T.jsx)(f,{label:`Description`,value:s,onValue:c,maxLength:500}),(0,T.jsx)(C,{all:r.data?.webhookEventTypes??[],chosen:l,onChange:d}),(0,T.jsxs)(`div`,{className:`row`,children:[(0,T.jsx)(`button`,{type:`submit`,disabled:p.fetching,children:`Save changes`}),(0,T.jsx)(`span`,{role:`status`,className:`ok`,children:h?`Saved.`:``})]})]}),(0,T.jsx)(u,{error:p.error??r.error})]})}function H({id:e,onSent:t}){let[n,r]=i(N),[a,o]=i(P),[s,c]=i(F),[l,d]=(0,w.useState)(``),[m,h]=(0,w.useState)(R),[g,_]=(0,w.useState)(``),v=n.error??a.error??s.error;async function y(){_(``);let n=(await r({id:e})).data?.sendTestWebhook;n&&(_(n.ok?`The test event was answered ${n.statusCode} in ${p(n.latencyMs)} ms.`:`The test event failed: ${n.statusCode===0?`no answer`:`status ${n.statusCode}`} after ${p(n.latencyMs)} ms.`),t())}async function b(n){n.preventDefault(),_(``);let r=l.trim();(await o({id:e,eventID:r})).error||(_(`${r} will be delivered again in a moment.`),d(``),t())}async function x(n){n.preventDefault(),_(``);let r=new Date(m);if(Number.isNaN(r.getTime()))return;let i=await c({id:e,since:r.toISOString()});if(!i.error&&i.data){let e=i.data.resendFailedWebhooks;_(e===1?`1 failed delivery will be sent again.`:`${p(e)} failed deliveries will be sent again.`),t()}}return(0,T.jsxs)(`section`,{className:`panel`,children:[(0,T.jsx)(`h2`,{children:`Send`}),(0,T.jsxs)(`div`,{className:`stack`,children:[(0,T.jsxs)(`div`,{className:`row`,children:[(0,T.jsx)(`button`,{type:`button`,onClick:()=>void y(),disabled:n.fetching,children:`Send test event`}),(0,T.jsxs)(`span`,{className:`hint`,children:[`A signed `,(0,T.jsx)(`code`,{children:`webhook.test`}),` message, sent now.`]})]}),(0,T.jsxs)(`form`,{className:`row`,onSubmit:e=>void b(e),children:[(0,T.jsx)(f,{label:`Event ID`,value:l,onValue:d,required:!0,placeholder:`evt_…`}),(0,T.jsx)(`button`,{type:`submit`,className:`secondary`,disabled:a.fetching,children:`Replay event`})]}),(0,T.jsxs)(`form`,{className:`row`,onSubmit:e=>void x(e),children:[(0,T.jsx)(f,{label:`Failed since`,type:`datetime-local`,value:m,onValue:h,required:!0}),(0,T.jsx)(`button`,{type:`submit`,className:`secondary`,disabled:s.fetching,children:`Resend failed deliveries`})]}),(0,T.jsx)(`p`,{role:`status`,className:`ok`,children:g}),(0,T.jsx)(u,{error:v})]})]})}function U({id:t,tz:n,version:r,onReplayed:a}){let[o,s]=(0,w.useState)({}),c=o.before?{id:t,last:I,before:o.before}:{id:t,first:I,after:o.after},[{data:d,error:f,fetching:m},h]=e({query:D,variables:c,requestPolicy:`network-only`}),[g,v]=i(P);(0,w.useEffect)(()=>{r>0&&h({requestPolicy:`network-only`})},[r,h]);let y=d?.node?.__typename===`WebhookEndpoint`?d.node.attempts:null,b=y?.edges?.flatMap(e=>e?.node?[e.node]:[])??[];return(0,T.jsxs)(`section`,{className:`panel`,children:[(0,T.jsx)(`h2`,{children:`Delivery log`}),(0,T.jsxs)(`div`,{className:`row`,children:[(0,T.jsx)(`p`,{className:`grow`,role:`status`,children:y?y.totalCount===1?`1 attempt`:`${p(y.totalCount)} attempts`:m?`Loading…`:``}),(0,T.jsx)(`button`,{type:`button`,className:`secondary`,onClick:()=>h({requestPolicy:`network-only`}),children:`Refresh log`})]}),(0,T.jsx)(u,{error:f??g.error}),b.length>0&&(0,T.jsx)(_,{label:`Delivery log`,head:[`Time`,`Event`,`Status`,`Latency`,`Response`],actions:!0,children:b.map(e=>(0,T.jsxs)(`tr`,{children:[(0,T.jsx)(`th`,{scope:`row`,children:l(e.createdAt,n)}),(0,T.jsxs)(`td`,{children:[e.eventType,(0,T.jsx)(`br`,{}),(0,T.jsx)(`code`,{children:e.eventID})]}),(0,T.jsxs)(`td`,{className:e.ok?`ok`:`error`,children:[e.statusCode===0?`no answer`:e.statusCode,` `,e.ok?`(delivered)`:`(failed)`]}),(0,T.jsxs)(`td`,{className:`num`,children:[p(e.latencyMs),` ms`]}),(0,T.jsx)(`td`,{children:(0,T.jsx)(`code`,{children:L(e.response)||`—`})}),(0,T.jsx)(`td`,{children:e.eventID.startsWith(`evt_`)&&(0,T.jsx)(`button`,{type:`button`,className:`secondary`,"aria-label":`Replay ${e.eventID}`,onClick:()=>void v({id:t,eventID:e.eventID}).then(e=>!e.error&&a()),disabled:g.fetching,children:`Replay`})})]},e.id))}),y&&(y.pageInfo.hasNextPage||y.pageInfo.hasPreviousPage||o.after||o.before)&&(0,T.jsxs)(`nav`,{"aria-label":`Log pages`,className:`row`,children:[(0,T.jsx)(`button`,{type:`button`,className:`secondary`,disabled:!o.after&&!o.before?!0:o.before?!y.pageInfo.hasPreviousPage:!1,onClick:()=>s({before:y.pageInfo.startCursor??void 0}),children:`Newer attempts`}),(0,T.jsx)(`button`,{type:`button`,className:`secondary`,disabled:!o.before&&!y.pageInfo.hasNextPage,onClick:()=>s({after:y.pageInfo.endCursor??void 0}),children:`Older attempts`})]})]})}export{z as default};