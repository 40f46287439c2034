/* kasir-outbox-transfer-dialog.h — carrying unsent changes to the server by hand.
 *
 * Export: the till's unsent changes go to an encrypted file, with a passphrase typed
 * twice. Import (on another till of the outlet): open such a file with its passphrase,
 * see whose changes it holds, and upload them to the server.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-dialog.h"

#include "kasir-database.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_OUTBOX_TRANSFER_EXPORT,
  KASIR_OUTBOX_TRANSFER_IMPORT,
} KasirOutboxTransferMode;

#define KASIR_TYPE_OUTBOX_TRANSFER_DIALOG (kasir_outbox_transfer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirOutboxTransferDialog, kasir_outbox_transfer_dialog, KASIR, OUTBOX_TRANSFER_DIALOG, KasirTillDialog)

/* Works on @context's database. */
KasirOutboxTransferDialog *kasir_outbox_transfer_dialog_new (GtkWindow               *parent,
                                                             KasirTillContext        *context,
                                                             KasirOutboxTransferMode  mode);
/* What the file chooser would do, for a path given directly. The passphrase fields are
 * read from the dialog. */
gboolean    kasir_outbox_transfer_dialog_export_to (KasirOutboxTransferDialog *self,
                                                    const char                *path,
                                                    GError                   **error);
gboolean    kasir_outbox_transfer_dialog_open_file (KasirOutboxTransferDialog *self,
                                                    const char                *path,
                                                    GError                   **error);
void        kasir_outbox_transfer_dialog_set_passphrases (KasirOutboxTransferDialog *self,
                                                          const char                *passphrase,
                                                          const char                *again);
/* Uploads the opened file; "upload-done" is emitted when the server has answered. */
void        kasir_outbox_transfer_dialog_upload    (KasirOutboxTransferDialog *self);
/* The line that says what happened last. */
const char *kasir_outbox_transfer_dialog_get_status (KasirOutboxTransferDialog *self);

G_END_DECLS
