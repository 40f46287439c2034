/* kasir-outbox-transfer.h — the network half of outbox export/import.
 *
 * Registering: the till sends the public half of its signing key to the server
 * (POST /api/v1/terminal/key) while it is online, so that the server can later check an
 * export made on it. Call it once after enrolling (it is a no-op when the server already
 * holds the key for this enrollment); an export is refused until it has succeeded.
 *
 * Uploading: a till that imported another till's export forwards the signed document
 * (POST /api/v1/sync/import); the server applies it as the exporting till's push and
 * answers a push response for that till. Nothing is written to this till's database.
 *
 * Both read the identity and the terminal token (keyring) and talk to the server in a
 * worker thread, on a connection of their own; the caller's thread never waits.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-protocol.h"
#include "kasir-database.h"

G_BEGIN_DECLS

void               kasir_outbox_transfer_register_key_async  (KasirDatabase       *database,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean           kasir_outbox_transfer_register_key_finish (GAsyncResult        *result,
                                                              GError             **error);

void               kasir_outbox_transfer_upload_async        (KasirDatabase       *database,
                                                              const char          *document,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
/* The server's answer for the exporting till (@out_terminal_id): one result per
 * mutation, applied now or already known. KASIR_SYNC_ERROR_FORBIDDEN when the server
 * refuses the export (unknown or wrong signing key, another outlet, a gap). */
KasirPushResponse *kasir_outbox_transfer_upload_finish       (GAsyncResult        *result,
                                                              gint64              *out_terminal_id,
                                                              GError             **error);

G_END_DECLS
