/* kasir-outbox-export.h — carrying a till's unsent mutations to the server by hand.
 *
 * When a till will stay offline for days, a manager exports its unsent mutations to an
 * encrypted, signed file (format and trust model: kasir-outbox-bundle.h) and imports it
 * on another enrolled till of the same outlet, which forwards it to the server
 * (kasir_outbox_transfer_upload_async in src/sync/), or hands it to the server's admin
 * (`kasir-server import-outbox`). The exporting till's outbox is left as it is: when it
 * is back online it pushes the same seqs, the server answers them from its record, and
 * nothing is applied twice. The importing till keeps nothing of the file.
 *
 * The signing key pair is made on first use and kept in the (encrypted) database; its
 * public half must reach the server while the till is online
 * (kasir_outbox_transfer_register_key_async), and an export is refused until it has,
 * because the server could not check it otherwise.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-outbox-bundle.h"
#include "kasir-database.h"

G_BEGIN_DECLS

/* The till's public signing key (base64), made on first use. @out_registered_for is the
 * terminal id the server holds it for (0 when not registered for the current one). */
gboolean  kasir_outbox_export_get_signing_key (KasirDatabase       *db,
                                               char               **out_public_key,
                                               gint64              *out_registered_for,
                                               GError             **error);
/* Records that the server holds @public_key for @terminal_id. */
gboolean  kasir_outbox_export_mark_registered (KasirDatabase       *db,
                                               const char          *public_key,
                                               gint64               terminal_id,
                                               GError             **error);

/* Writes every unsent mutation to @path (mode 0600), encrypted with @passphrase (at
 * least KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE characters). Refused (INVALID) when the till
 * is not enrolled, its key is not registered for this enrollment, or nothing is unsent.
 * @terminal_name (may be NULL) names the till to whoever opens the file.
 * @out_count receives the number of mutations written. */
gboolean  kasir_outbox_export_write_file      (KasirDatabase       *db,
                                               const char          *path,
                                               const char          *terminal_name,
                                               const char          *passphrase,
                                               guint               *out_count,
                                               GError             **error);

/* Opens an export made by another till of this till's outlet and returns the signed
 * document to upload; @out_bundle (may be NULL) receives what it holds, for the manager
 * to see before sending. Refused for a file of another outlet or of this till itself. */
char     *kasir_outbox_export_read_file       (KasirDatabase       *db,
                                               const char          *path,
                                               const char          *passphrase,
                                               KasirOutboxBundle  **out_bundle,
                                               GError             **error);

G_END_DECLS
