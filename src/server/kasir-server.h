/* kasir-server.h — the sync protocol's HTTP routes on a SoupServer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-server-guard.h"
#include "kasir-server-store.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SERVER (kasir_server_get_type ())

G_DECLARE_FINAL_TYPE (KasirServer, kasir_server, KASIR, SERVER, GObject)

/* Takes ownership of @store. The server and the store belong to the thread whose
 * thread-default main context is current when kasir_server_listen() is called. */
KasirServer      *kasir_server_new               (KasirServerStore  *store);
KasirServerStore *kasir_server_get_store         (KasirServer       *self);
/* Request bodies larger than this are answered 413 (default KASIR_PROTOCOL_MAX_BODY). */
void              kasir_server_set_max_body      (KasirServer       *self,
                                                  gsize              max_body);
/* Bounds on connections and on the time a request may take to arrive
 * (KASIR_SERVER_LIMITS_DEFAULT unless set); before the first listen. */
void              kasir_server_set_limits        (KasirServer             *self,
                                                  const KasirServerLimits *limits);
/* Runs the routes' database work on @n_writers + @n_readers worker threads, each with
 * its own store on @db (and @key), instead of on the main loop; before the first
 * listen. The main loop then never touches a store: even a token, checked before the
 * request's body is read, is checked on a reader while the request waits. */
gboolean          kasir_server_set_workers       (KasirServer       *self,
                                                  const char        *db,
                                                  const char        *key,
                                                  guint              n_writers,
                                                  guint              n_readers,
                                                  GError           **error);
/* Requests that may wait for a busy worker (of the writers, or of the readers) before
 * more are answered 503 with Retry-After at once; KASIR_SERVER_DEFAULT_MAX_QUEUE unless
 * set. Only with workers. */
#define KASIR_SERVER_DEFAULT_MAX_QUEUE 512
void              kasir_server_set_max_queue     (KasirServer       *self,
                                                  guint              max_queue);
/* Connections the server holds now. */
guint             kasir_server_get_n_connections (KasirServer       *self);
/* Listens on @address ("HOST:PORT", PORT 0 picks a free one). With @tls_certificate the
 * address speaks HTTPS. */
gboolean          kasir_server_listen            (KasirServer       *self,
                                                  const char        *address,
                                                  GTlsCertificate   *tls_certificate,
                                                  GError           **error);
/* Serves GET /metrics on a separate plain-HTTP address; it is then no longer served on
 * the main address. */
gboolean          kasir_server_listen_metrics    (KasirServer       *self,
                                                  const char        *address,
                                                  GError           **error);
/* "http://HOST:PORT" (or https) of the main and of the metrics address; NULL before
 * listening. */
char             *kasir_server_get_url           (KasirServer       *self);
char             *kasir_server_get_metrics_url   (KasirServer       *self);
void              kasir_server_disconnect        (KasirServer       *self);

/* A new one-time enrollment code for a person to type: 16 characters without
 * look-alikes, in groups of four ("GXLF-USCR-9ZRP-Y75E"). */
char               *kasir_server_enroll_code_new  (void);
/* The hash stored for a code; dashes, spaces and case do not matter. */
char               *kasir_server_enroll_code_hash (const char        *code);

/* Splits "HOST:PORT" (IPv6 as "[::1]:PORT") into a socket address. */
GInetSocketAddress *kasir_server_parse_address   (const char        *address,
                                                  GError           **error);

G_END_DECLS
