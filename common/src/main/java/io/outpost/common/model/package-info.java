/**
 * The compiled API model: what the toolkit writes into an artifact and the gateway reads back.
 * Records only; every field is plain data so that the JSON form is stable and reproducible.
 * A null field means "not declared"; lists and maps are never null: each record's compact
 * constructor replaces a missing one with an empty one (e.g. {@link ApiDefinition}), so an artifact
 * that leaves them out still loads.
 */
package io.outpost.common.model;
