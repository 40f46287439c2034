/* kasir-protocol-tree.h — builds the JsonNode tree of a document that the protocol's
 * scanner has already proven to be strict, shallow JSON (private to src/core and its
 * tests).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @data must have passed the scanner of kasir_protocol_parse_limited(): valid UTF-8,
 * RFC 8259 JSON, at most KASIR_PROTOCOL_MAX_DEPTH levels, no member name twice in one
 * object, integers within 64 bits, finite doubles, no \u0000 and no lone surrogate. The
 * tree is the one json-glib's parser would give for the same text. */
JsonNode *kasir_protocol_build_tree (const char *data,
                                     gsize       length);

G_END_DECLS
