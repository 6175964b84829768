import{S as e,_ as t,u as n,x as r}from"./index-DwXSPzj1.js";var i=t();e(`
  fragment WebhookEndpointFields on WebhookEndpoint {
    id
    createdAt
    url
    description
    eventTypes
    disabledAt
    disabledReason
    failingSince
    partner {
      id
      name
    }
  }
`);var a=e(`
  query WebhookEventTypes {
    webhookEventTypes
  }
`);function o(){let e=r();return e.kind===`partner`?e.partner.timezone:`UTC`}function s(){return r().kind===`admin`?`/admin/webhooks`:`/webhooks`}function c(e,t){return e.disabledAt?`Disabled since ${n(e.disabledAt,t)}: ${e.disabledReason??`no reason given`}`:e.failingSince?`Enabled, failing since ${n(e.failingSince,t)}`:`Enabled`}function l(e){return e.length===0?`All events`:e.join(`, `)}function u({all:e,chosen:t,onChange:n}){return(0,i.jsxs)(`fieldset`,{children:[(0,i.jsx)(`legend`,{children:`Event types`}),(0,i.jsx)(`p`,{className:`hint`,children:`None checked: every type, those added later too.`}),(0,i.jsx)(`div`,{className:`row`,children:e.map(e=>(0,i.jsxs)(`label`,{className:`inline`,children:[(0,i.jsx)(`input`,{type:`checkbox`,checked:t.includes(e),onChange:r=>n(r.target.checked?[...t,e]:t.filter(t=>t!==e))}),e]},e))})]})}export{o as a,l as i,a as n,s as o,c as r,u as t};