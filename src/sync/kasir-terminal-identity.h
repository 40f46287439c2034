/* kasir-terminal-identity.h — who this till is to its server: enrollment, the stored
 * identity, the pinned certificate and the export signing key.
 *
 * Loading reads the enrolled identity and pin from the database and the token from the
 * keyring; enrolling spends a one-time code, then stores the token in the keyring and the
 * pin and identity in the database (the outbox is kept as it is, also when enrolling
 * again). Both hand back a KasirSyncClient ready to talk: pinned, with its token. Database
 * and keyring work runs in the sync service's database worker.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-sync-client.h"
#include "kasir-sync-worker.h"

G_BEGIN_DECLS

#define KASIR_TYPE_TERMINAL_IDENTITY (kasir_terminal_identity_get_type ())

G_DECLARE_FINAL_TYPE (KasirTerminalIdentity, kasir_terminal_identity, KASIR, TERMINAL_IDENTITY, GObject)

/* @database: the till's database, for the key registration's own connection. */
KasirTerminalIdentity *kasir_terminal_identity_new                (KasirSyncWorker        *worker,
                                                                   KasirDatabase          *database);

/* Returns a client for the enrolled server, NULL without an error when this till is not
 * enrolled. *@out_token_missing is TRUE when the keyring lost the token (the client has
 * none). A stored address that is no longer allowed is a KASIR_SYNC_ERROR. */
void                   kasir_terminal_identity_load_async         (KasirTerminalIdentity  *self,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
KasirSyncClient       *kasir_terminal_identity_load_finish        (KasirTerminalIdentity  *self,
                                                                   GAsyncResult           *result,
                                                                   gint64                 *out_terminal_id,
                                                                   gboolean               *out_token_missing,
                                                                   GError                **error);

/* Trust on first use, as SSH does: the certificate shown at enrollment is pinned.
 * *@out_name (may be NULL) is the name the server gave this till, unique in its outlet. */
void                   kasir_terminal_identity_enroll_async       (KasirTerminalIdentity  *self,
                                                                   const char             *server_url,
                                                                   const char             *code,
                                                                   const char             *terminal_name,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
KasirSyncClient       *kasir_terminal_identity_enroll_finish      (KasirTerminalIdentity  *self,
                                                                   GAsyncResult           *result,
                                                                   gint64                 *out_terminal_id,
                                                                   char                  **out_name,
                                                                   GError                **error);

/* Stores @fingerprint as the pinned certificate, then pins it on @client. */
void                   kasir_terminal_identity_trust_async        (KasirTerminalIdentity  *self,
                                                                   KasirSyncClient        *client,
                                                                   const char             *fingerprint,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
gboolean               kasir_terminal_identity_trust_finish       (KasirTerminalIdentity  *self,
                                                                   GAsyncResult           *result,
                                                                   GError                **error);

/* Once per enrollment, while in touch: outbox exports need the server to know this
 * till's signing key. Does nothing when it is registered or on its way. */
void                   kasir_terminal_identity_register_key       (KasirTerminalIdentity  *self,
                                                                   GCancellable           *cancellable);
/* A new enrollment: the key must be registered again. */
void                   kasir_terminal_identity_forget_key         (KasirTerminalIdentity  *self);
gboolean               kasir_terminal_identity_get_key_registered (KasirTerminalIdentity  *self);
/* TRUE while the key registration is on its way (it uses its own worker thread). */
gboolean               kasir_terminal_identity_is_busy            (KasirTerminalIdentity  *self);

G_END_DECLS
