/* kasir-server-import.h — applying a terminal's exported outbox (kasir-outbox-bundle.h).
 *
 * The signed document is checked against the signing key registered for the terminal it
 * names, and its mutations go through the same push path as a push from that terminal,
 * under its seq rules: what the server already has answers its stored result, so an
 * import followed by the terminal's own later push (or a second import) applies each
 * mutation exactly once.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-server-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64             terminal_id;  /* the terminal the mutations came from */
  guint              n_new;        /* applied or rejected now */
  guint              n_duplicate;  /* already known: stored results */
  KasirPushResponse *response;     /* one result per mutation handled, and last_seq */
} KasirServerImportResult;

void kasir_server_import_result_free (KasirServerImportResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirServerImportResult, kasir_server_import_result_free)

/* @importer_outlet_id: the outlet of the terminal that uploads the document, which must
 * be the exporting terminal's; 0 for the admin command line. Errors:
 * KASIR_OUTBOX_BUNDLE_ERROR for a damaged or badly signed document;
 * KASIR_SERVER_STORE_ERROR_UNAUTHORIZED when the signature is not made with the
 * terminal's registered key (or it has none); _INVALID for another outlet's terminal or
 * a first seq the server has not reached yet (a gap); _BUSY to retry later. */
KasirServerImportResult *kasir_server_import_document (KasirServerStore  *store,
                                                       const char        *document,
                                                       gint64             importer_outlet_id,
                                                       GError           **error);

G_END_DECLS
