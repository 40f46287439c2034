/* kasir-server-guard.h — keeps a SoupServer's connections within bounds.
 *
 * libsoup accepts every connection and waits for a request as long as the peer likes. A
 * till on a shop's network, or anyone who can reach the port, could hold thousands of
 * connections open, or send a request one byte a minute, until no till can sync. The
 * guard watches each connection from its first request on:
 *  - past max_connections connections in all, or max_per_address from one peer address,
 *    a new connection is refused: its request is answered 503 with Retry-After and the
 *    connection closed after the answer (a till sends the same request again later).
 *    At most KASIR_SERVER_GUARD_MAX_REFUSING such connections wait for their request at
 *    a time; past those, a new one is closed at once (a flood, not a till);
 *  - a connection is closed when a request has not arrived whole within
 *    request_timeout seconds of the connection (or its previous response) being ready
 *    for it — this is also how an idle keep-alive connection ends;
 *  - or when its answer has not been taken by the peer io_timeout seconds after the
 *    request arrived (a peer that stops reading).
 * While the server itself works on a request (kasir_server_guard_hold), no deadline
 * runs: waiting for a database worker is the server's wait, not the peer's.
 * Closing the socket makes libsoup's next read fail, which ends the message and frees
 * the connection; nothing half-read is ever handled.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint max_connections;   /* all peers together */
  guint max_per_address;   /* one peer address */
  guint request_timeout;   /* seconds for a whole request to arrive */
  guint io_timeout;        /* seconds for the answer to be taken */
} KasirServerLimits;

/* What kasir-server uses unless told otherwise: room for a chain's reconnecting tills,
 * and for none of them to hold the server. */
#define KASIR_SERVER_LIMITS_DEFAULT { 4096, 256, 30, 60 }

/* Refused connections waiting for their request to be answered 503, at most. */
#define KASIR_SERVER_GUARD_MAX_REFUSING 256

/* Why the guard closed a connection, for the operator's counters. */
typedef enum
{
  KASIR_SERVER_DROP_IDLE,             /* a kept-alive connection stayed idle */
  KASIR_SERVER_DROP_REQUEST_TIMEOUT,  /* a request did not arrive whole in time */
  KASIR_SERVER_DROP_ANSWER_TIMEOUT,   /* an answer was not taken in time */
  KASIR_SERVER_DROP_FLOOD,            /* over the limits, with no room left to refuse */
  KASIR_SERVER_DROP_PEER_GONE,        /* the peer went away and no one closed the socket */
  KASIR_SERVER_N_DROPS
} KasirServerDrop;

typedef struct _KasirServerGuard KasirServerGuard;

/* "idle", "request_timeout", "answer_timeout", "flood", "peer_gone". */
const char       *kasir_server_drop_name             (KasirServerDrop          why);

KasirServerGuard *kasir_server_guard_new             (const KasirServerLimits *limits);
void              kasir_server_guard_free            (KasirServerGuard        *guard);
/* Watches @soup's connections; one guard may watch several servers (they share the
 * limits). Call from the thread that runs @soup. */
void              kasir_server_guard_attach          (KasirServerGuard        *guard,
                                                      SoupServer              *soup);
/* Whether @msg came on a connection over the limits, whose request is answered 503. */
gboolean          kasir_server_guard_refuses         (KasirServerGuard        *guard,
                                                      SoupServerMessage       *msg);
/* The server works on @msg (it paused the message for a database worker): no deadline
 * runs until kasir_server_guard_release(). */
void              kasir_server_guard_hold            (KasirServerGuard        *guard,
                                                      SoupServerMessage       *msg);
/* The server's work on @msg is over and the message goes on: it gets a whole period from
 * now, for the rest of its request (@request_read FALSE) or for its answer to be taken. */
void              kasir_server_guard_release         (KasirServerGuard        *guard,
                                                      SoupServerMessage       *msg,
                                                      gboolean                 request_read);
/* Admitted connections open now (refused ones waiting for their 503 are not counted),
 * and connections closed since the start. */
guint             kasir_server_guard_get_n_open      (KasirServerGuard        *guard);
guint64           kasir_server_guard_get_n_dropped   (KasirServerGuard        *guard);
/* Since the start, thread-safe: connections closed for @why, and requests refused 503
 * because the connection was over the limits. */
guint64           kasir_server_guard_get_n_dropped_for (KasirServerGuard      *guard,
                                                        KasirServerDrop        why);
guint64           kasir_server_guard_get_n_refused   (KasirServerGuard        *guard);

/* Raises this process's soft limit of open files to its hard limit, so that the
 * connection limits above, not the file table, decide. Returns the new soft limit. */
guint64           kasir_server_raise_open_file_limit (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerGuard, kasir_server_guard_free)

G_END_DECLS
