/* kasir-server-private.h — what a route's handler needs, for handlers in files of their
 * own (kasir-server-route-NAME.c).
 *
 * A handler is a KasirServerHandler listed with one line in the routes table of
 * kasir-server.c (path, method, name, handler, where its database work runs, whether a
 * terminal token is checked early). It reads its request from the call and answers
 * through kasir_server_call_*() (kasir-server-call.h); it never touches the
 * SoupServerMessage, and it reaches the database only through call->store, because it
 * runs on a worker thread with that worker's own connection (the main loop puts the
 * answer on the message afterwards). A handler whose route only reads is listed as
 * WORK_READS and runs on a reader; one that writes as WORK_WRITES.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server.h"
#include "kasir-server-call.h"
#include "kasir-server-pool.h"

G_BEGIN_DECLS

typedef void (*KasirServerHandler) (KasirServer      *self,
                                    KasirServerCall  *call);

/* The terminal behind the call's bearer token, or FALSE with a 401 (or 503) answered. */
gboolean  kasir_server_authenticate (KasirServer      *self,
                                     KasirServerCall  *call,
                                     gint64           *terminal_id,
                                     gint64           *outlet_id);
/* The call's body as JSON, or NULL with a 400 (or 413) answered. */
JsonNode *kasir_server_read_body    (KasirServer      *self,
                                     KasirServerCall  *call);

/* kasir-server-token.c: @msg's token checked on a reader of @pool while @msg waits,
 * paused; a refusal is answered at once and the body thrown away as it comes. Call from
 * an early handler, on @context's thread. */
/* The worker pool, NULL when handlers run on the main loop. */
KasirServerPool *kasir_server_get_pool (KasirServer *self);

void      kasir_server_check_token_async (KasirServer       *self,
                                          KasirServerPool   *pool,
                                          GMainContext      *context,
                                          SoupServerMessage *msg,
                                          const char        *path);
/* The handlers in files of their own. */
void      kasir_server_handle_reports    (KasirServer       *self,
                                          KasirServerCall   *call);
void      kasir_server_handle_sale_lookup (KasirServer      *self,
                                           KasirServerCall  *call);

/* A request refused before its body is read: the body is not kept, and the connection
 * is closed after the answer. */
void      kasir_server_refuse_early      (SoupServerMessage *msg);

G_END_DECLS
