package graph

import (
	"strings"

	"github.com/reftrack/reftrack/graph/model"
	"github.com/reftrack/reftrack/internal/eventlog"
)

// enumOf returns the EventType of t: conversion.created is
// CONVERSION_CREATED.
func enumOf(t eventlog.Type) model.EventType {
	return model.EventType(strings.ToUpper(strings.ReplaceAll(string(t), ".", "_")))
}

// typesOf returns the event types of enums; nil for none.
func typesOf(enums []model.EventType) []eventlog.Type {
	var out []eventlog.Type
	for _, e := range enums {
		for _, t := range eventlog.Types {
			if enumOf(t) == e {
				out = append(out, t)
			}
		}
	}
	return out
}
