/* kasir-setup-connect.h — what a person types and reads when connecting a till.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The server's address as typed, made a URL: "127.0.0.1:8765" → "http://127.0.0.1:8765"
 * (plain HTTP only to this computer), "kasir.shop:8765" → "https://kasir.shop:8765".
 * NULL with a message for a person when it cannot be a server's address. */
char *kasir_setup_complete_url   (const char   *text,
                                  GError      **error);

/* An enrollment code as people read it aloud: upper case, in groups of four
 * ("ABCD-EFGH-JKLM-NPQR"). The server ignores the dashes. */
char *kasir_setup_format_code    (const char   *text);

/* What went wrong when enrolling, in words: a used or mistyped code, a server that
 * cannot be reached, one that refused the till, each with what to do. */
char *kasir_setup_explain_error  (const GError *error,
                                  const char   *url);

G_END_DECLS
