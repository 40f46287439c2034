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

/* The checks kasir_protocol_parse_limited() makes before it builds a tree: the body's
 * size, UTF-8, and the scanner's grammar, depth and caps. */
gboolean  kasir_protocol_check_text (const char  *data,
                                     gsize        length,
                                     guint        max_values,
                                     gsize        max_string,
                                     GError     **error);

/* Reads the string whose opening quote is at *p, in checked text, unescaped into
 * @scratch; *p moves past its closing quote. */
void      kasir_protocol_read_string (const guchar **p,
                                      const guchar  *end,
                                      GString       *scratch);

G_END_DECLS
