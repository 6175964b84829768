package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// api calls Reftrack's GraphQL API over HTTP.
type api struct {
	url    string // the server's base URL
	admin  string // admin token
	client *http.Client
}

func newAPI(base, admin string) *api {
	return &api{url: base, admin: admin, client: newClient(4)}
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// do posts one operation with token and decodes its data into out (when
// not nil). GraphQL errors are errors.
func (a *api) do(ctx context.Context, token, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, a.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("status %d, body %.200q: %w", resp.StatusCode, raw, err)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("graphql: %s (%v)", r.Errors[0].Message, r.Errors[0].Extensions["code"])
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200q", resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(r.Data, out)
	}
	return nil
}

// timed runs do and returns how long it took.
func (a *api) timed(ctx context.Context, token, query string, vars map[string]any, out any) (time.Duration, error) {
	t := time.Now()
	err := a.do(ctx, token, query, vars, out)
	return time.Since(t), err
}

// partner is a partner made for one section, with its token and refs.
type partner struct {
	id, token string
	slug      string   // its referral URL
	codes     []string // its ref tags' codes
}

// newPartner creates a partner (timezone UTC) with a referral URL to
// bareDest and tags ref tags, all through the API as an operator would.
func (a *api) newPartner(ctx context.Context, run, section string, tags int) (*partner, error) {
	var cp struct {
		CreatePartner struct {
			Partner struct{ ID string }
			Token   string
		}
	}
	err := a.do(ctx, a.admin, `mutation($in: CreatePartnerInput!) { createPartner(input: $in) { partner { id } token } }`,
		map[string]any{"in": map[string]any{
			"name": "Bench " + section + " " + run, "email": section + "-" + run + "@bench.example", "timezone": "UTC",
		}}, &cp)
	if err != nil {
		return nil, fmt.Errorf("create partner: %w", err)
	}
	p := &partner{id: cp.CreatePartner.Partner.ID, token: cp.CreatePartner.Token, slug: "bench-" + section + "-" + run}
	err = a.do(ctx, p.token, `mutation($in: CreateReferralURLInput!) { createReferralURL(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"slug": p.slug, "redirectURL": bareDest}}, nil)
	if err != nil {
		return nil, fmt.Errorf("create referral URL: %w", err)
	}
	for i := range tags {
		var t struct{ CreateRefTag struct{ Code string } }
		err := a.do(ctx, p.token, `mutation($in: CreateRefTagInput!) { createRefTag(input: $in) { code } }`,
			map[string]any{"in": map[string]any{"name": fmt.Sprintf("Tag %03d", i+1)}}, &t)
		if err != nil {
			return nil, fmt.Errorf("create ref tag: %w", err)
		}
		p.codes = append(p.codes, t.CreateRefTag.Code)
	}
	return p, nil
}

// serviceToken creates a token for the company's backend.
func (a *api) serviceToken(ctx context.Context) (string, error) {
	var out struct{ CreateServiceToken string }
	err := a.do(ctx, a.admin, `mutation { createServiceToken(name: "bench") }`, nil, &out)
	return out.CreateServiceToken, err
}
