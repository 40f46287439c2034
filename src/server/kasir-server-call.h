/* kasir-server-call.h — one request to a route, taken off its SoupServerMessage on the
 * main loop, and the answer its handler makes. A handler works on the call alone, so it
 * can run on a worker thread (kasir-server-pool.h) while the main loop goes on serving
 * other requests; the answer is put on the message back on the main loop.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "kasir-server-store.h"

G_BEGIN_DECLS

typedef struct
{
  /* The request (read-only for the handler). */
  char             *method;
  char             *path;
  GHashTable       *query;          /* nullable; name → value */
  GBytes           *body;
  char             *authorization;  /* nullable */
  /* The storage the handler uses: the worker's own, or the server's. */
  KasirServerStore *store;

  /* The answer; status 0 until the handler answers. */
  guint             status;
  char             *content_type;
  GBytes           *response;
  GPtrArray        *headers;        /* name, value, name, value, ... */
} KasirServerCall;

/* Copies what a handler needs of @msg; call on the message's (main) thread. */
KasirServerCall *kasir_server_call_new          (SoupServerMessage  *msg,
                                                 const char         *path,
                                                 GHashTable         *query);
void             kasir_server_call_free         (KasirServerCall    *call);
/* Puts the answer on @msg; call on the message's (main) thread. */
void             kasir_server_call_apply        (KasirServerCall    *call,
                                                 SoupServerMessage  *msg);

void             kasir_server_call_respond      (KasirServerCall    *call,
                                                 guint               status,
                                                 const char         *content_type,
                                                 char               *text,
                                                 gsize               length);
void             kasir_server_call_json         (KasirServerCall    *call,
                                                 guint               status,
                                                 JsonNode           *node);
void             kasir_server_call_error        (KasirServerCall    *call,
                                                 guint               status,
                                                 const char         *code,
                                                 const char         *message,
                                                 gint64              expected_seq);
/* A storage failure: a transient one is 503 and the terminal retries. */
void             kasir_server_call_store_error  (KasirServerCall    *call,
                                                 const GError       *error);
void             kasir_server_call_protocol_error (KasirServerCall  *call,
                                                   const GError     *error);
void             kasir_server_call_add_header   (KasirServerCall    *call,
                                                 const char         *name,
                                                 const char         *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerCall, kasir_server_call_free)

G_END_DECLS
