/* kasir-server-private.h — the server's insides, shared by its parts: the object
 * (kasir-server.c), the dispatch of requests (kasir-server-dispatch.c), the routes table
 * (kasir-server-routes.c) and the handlers in files of their own
 * (kasir-server-route-NAME.c).
 *
 * A handler is a KasirServerHandler listed with one line in the routes table of
 * kasir-server-routes.c (path, method, name, handler, where its database work runs,
 * whether a terminal token is checked early). It reads its request from the call and answers
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
#include "kasir-server-guard.h"

G_BEGIN_DECLS

struct _KasirServer
{
  GObject           parent_instance;

  KasirServerStore *store;
  SoupServer       *soup;
  SoupServer       *metrics_soup;
  gsize             max_body;
  KasirServerLimits limits;
  KasirServerGuard *guard;
  KasirServerPool  *pool;           /* nullable: handlers then run on the main loop */
  guint             max_queue;      /* jobs that may wait for a worker; more are refused */
  GMainContext     *context;        /* the main loop's, where answers are put on messages */

  /* Prometheus counters, from the start of this process; under @lock, since handlers
   * run on the pool's threads. */
  GMutex            lock;
  GHashTable       *requests;       /* "route\tstatus" → count (GUINT_TO_POINTER) */
  guint64           mutations_applied;
  guint64           mutations_duplicate;
  guint64           mutations_conflict;
  guint64           mutations_rejected;
  GHashTable       *last_contact;   /* terminal id (gint64*) → unix time (gint64*) */
};

typedef void (*KasirServerHandler) (KasirServer      *self,
                                    KasirServerCall  *call);

/* Where a route's database work runs. */
typedef enum
{
  WORK_NONE,    /* no database: on the main loop */
  WORK_READS,   /* only reads: a reader of the pool */
  WORK_WRITES,  /* a writer of the pool */
} KasirServerWork;

typedef struct
{
  const char         *path;
  const char         *method;
  const char         *route;
  KasirServerHandler  handle;
  KasirServerWork     work;
  gboolean            token;
} KasirServerRoute;

/* kasir-server-routes.c */
extern const KasirServerRoute kasir_server_routes[];
extern const guint            kasir_server_n_routes;

/* kasir-server-dispatch.c: @soup's requests go to the routes of @self. */
void      kasir_server_dispatch_attach (KasirServer      *self,
                                        SoupServer       *soup);

/* Short names the handlers use. */
#define respond_json kasir_server_call_json
#define respond_error kasir_server_call_error
#define respond_store_error kasir_server_call_store_error
#define respond_protocol_error kasir_server_call_protocol_error

/* The terminal behind the call's bearer token, or FALSE with a 401 (or 503) answered. */
gboolean  kasir_server_authenticate (KasirServer      *self,
                                     KasirServerCall  *call,
                                     gint64           *terminal_id,
                                     gint64           *outlet_id);
/* Whether the call's body is within the size limit; if not, 413 is answered. */
gboolean  kasir_server_check_body_size (KasirServer      *self,
                                        KasirServerCall  *call);
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
/* The handlers, each in a file of its own (kasir-server-route-NAME.c). */
void      kasir_server_handle_health (KasirServer      *self,
                                      KasirServerCall  *call);
void      kasir_server_handle_enroll (KasirServer      *self,
                                      KasirServerCall  *call);
void      kasir_server_handle_push (KasirServer      *self,
                                    KasirServerCall  *call);
void      kasir_server_handle_import (KasirServer      *self,
                                      KasirServerCall  *call);
void      kasir_server_handle_register_key (KasirServer      *self,
                                            KasirServerCall  *call);
void      kasir_server_handle_pull (KasirServer      *self,
                                    KasirServerCall  *call);
void      kasir_server_handle_metrics (KasirServer      *self,
                                       KasirServerCall  *call);
void      kasir_server_handle_reports (KasirServer      *self,
                                       KasirServerCall  *call);
void      kasir_server_handle_sale_lookup (KasirServer      *self,
                                           KasirServerCall  *call);
void      kasir_server_handle_open_orders (KasirServer      *self,
                                           KasirServerCall  *call);

/* A request refused before its body is read: the body is not kept, and the connection
 * is closed after the answer. */
void      kasir_server_refuse_early      (SoupServerMessage *msg);

G_END_DECLS
