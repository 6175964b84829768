import{D as e,E as t,O as n,P as r,S as i,_ as a,g as o,h as s,m as c,x as l,z as u}from"./index-DwXSPzj1.js";import{t as d}from"./Secret-o7r22mrb.js";import{t as f}from"./Table-Dqlr83zT.js";import{a as p,i as m,n as h,o as g,r as _,t as v}from"./webhooks-DMix2OMD.js";var y=u(r(),1),b=a(),x=i(`
  query WebhookEndpoints($after: Cursor) {
    webhookEndpoints(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...WebhookEndpointFields
        }
      }
    }
  }
`),S=i(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        id
        url
      }
      secret
    }
  }
`),C=5;function w(){let r=l().kind===`admin`,i=p(),a=g(),[u,w]=(0,y.useState)([null]),T=u[u.length-1]??null,[{data:E,error:D},O]=e({query:x,variables:{after:T},requestPolicy:`cache-and-network`}),[k]=e({query:h}),[A,j]=t(S),[M,N]=(0,y.useState)(``),[P,F]=(0,y.useState)(``),[I,L]=(0,y.useState)([]),[R,z]=(0,y.useState)(null);async function B(e){e.preventDefault();let t=await j({input:{url:M.trim(),description:P.trim(),eventTypes:I}}),n=t.data?.createWebhookEndpoint;!t.error&&n&&(z({id:n.endpoint.id,url:n.endpoint.url,secret:n.secret}),N(``),F(``),L([]),O({requestPolicy:`network-only`}))}let V=E?.webhookEndpoints,H=!r&&(V?.totalCount??0)>=C,U=D??k.error;return(0,b.jsxs)(o,{title:`Webhooks`,children:[(0,b.jsxs)(`p`,{className:`hint`,children:[`Reftrack sends each event to these URLs as a signed `,(0,b.jsx)(`code`,{children:`POST`}),` (the Standard Webhooks specification), retries for about three days, and keeps a log of every attempt.`,` `,r?`Program-wide endpoints get every partner’s events; partners’ own endpoints are listed too.`:`Your endpoints get your own events; you may have ${C}.`]}),(0,b.jsxs)(`section`,{className:`panel`,children:[(0,b.jsx)(`h2`,{children:`New endpoint`}),H?(0,b.jsxs)(`p`,{children:[`You have `,C,` endpoints, the most a partner may have: delete one to add another.`]}):(0,b.jsxs)(`form`,{className:`stack`,onSubmit:e=>void B(e),children:[(0,b.jsx)(c,{label:`Endpoint URL`,type:`url`,value:M,onValue:N,required:!0,placeholder:`https://`}),(0,b.jsx)(c,{label:`Description`,value:P,onValue:F,maxLength:500}),(0,b.jsx)(v,{all:k.data?.webhookEventTypes??[],chosen:I,onChange:L}),(0,b.jsx)(`div`,{className:`row`,children:(0,b.jsx)(`button`,{type:`submit`,disabled:A.fetching,children:r?`Create program-wide endpoint`:`Create endpoint`})})]}),(0,b.jsx)(s,{error:A.error}),R&&(0,b.jsxs)(`div`,{className:`stack`,children:[(0,b.jsxs)(`p`,{className:`warning`,children:[`The signing secret of `,(0,b.jsx)(n,{to:`${a}/${R.id}`,children:R.url}),` is shown only now: store it where your receiver verifies deliveries.`]}),(0,b.jsx)(d,{label:`Signing secret`,value:R.secret,copy:`Copy secret`})]})]}),(0,b.jsx)(s,{error:U}),(0,b.jsx)(`h2`,{children:`Endpoints`}),V&&V.edges?.length===0&&(0,b.jsx)(`p`,{children:`No webhook endpoints yet.`}),V&&(V.edges?.length??0)>0&&(0,b.jsx)(f,{label:`Webhook endpoints`,head:r?[`URL`,`Owner`,`Description`,`Events`,`Status`]:[`URL`,`Description`,`Events`,`Status`],children:V.edges?.map(e=>{let t=e?.node;return t?(0,b.jsxs)(`tr`,{children:[(0,b.jsx)(`th`,{scope:`row`,children:(0,b.jsx)(n,{className:`link`,to:`${a}/${t.id}`,children:t.url})}),r&&(0,b.jsx)(`td`,{children:t.partner?t.partner.name:`Program-wide`}),(0,b.jsx)(`td`,{children:t.description||`—`}),(0,b.jsx)(`td`,{children:m(t.eventTypes)}),(0,b.jsx)(`td`,{className:t.disabledAt?`error`:void 0,children:_(t,i)})]},t.id):null})}),(u.length>1||V?.pageInfo.hasNextPage)&&(0,b.jsxs)(`nav`,{"aria-label":`Pages`,className:`row`,children:[(0,b.jsx)(`button`,{type:`button`,className:`secondary`,disabled:u.length<=1,onClick:()=>w(u.slice(0,-1)),children:`Previous page`}),(0,b.jsx)(`button`,{type:`button`,className:`secondary`,disabled:!V?.pageInfo.hasNextPage,onClick:()=>w([...u,V?.pageInfo.endCursor??null]),children:`Next page`})]})]})}export{w as default};