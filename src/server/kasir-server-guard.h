/* kasir-server-guard.h — keeps a SoupServer's connections within bounds.
 *
 * libsoup accepts every connection and waits for a request as long as the peer likes. A
 * till on a shop's network, or anyone who can reach the port, could hold thousands of
 * connections open, or send a request one byte a minute, until no till can sync. The
 * guard watches each connection from its first request on and closes it when:
 *  - the server already holds max_connections connections, or max_per_address from the
 *    same peer address (a new one is closed at once);
 *  - a request has not arrived whole within request_timeout seconds of the connection
 *    (or its previous response) being ready for it — this is also how an idle
 *    keep-alive connection ends;
 *  - its answer has not been taken by the peer io_timeout seconds after the request
 *    arrived (a peer that stops reading).
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

typedef struct _KasirServerGuard KasirServerGuard;

KasirServerGuard *kasir_server_guard_new             (const KasirServerLimits *limits);
void              kasir_server_guard_free            (KasirServerGuard        *guard);
/* Watches @soup's connections; one guard may watch several servers (they share the
 * limits). Call from the thread that runs @soup. */
void              kasir_server_guard_attach          (KasirServerGuard        *guard,
                                                      SoupServer              *soup);
/* Open connections now, and connections refused or dropped since the start. */
guint             kasir_server_guard_get_n_open      (KasirServerGuard        *guard);
guint64           kasir_server_guard_get_n_dropped   (KasirServerGuard        *guard);

/* Raises this process's soft limit of open files to its hard limit, so that the
 * connection limits above, not the file table, decide. Returns the new soft limit. */
guint64           kasir_server_raise_open_file_limit (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerGuard, kasir_server_guard_free)

G_END_DECLS
