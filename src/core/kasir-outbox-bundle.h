/* kasir-outbox-bundle.h — a terminal's unsent mutations, carried by hand.
 *
 * When a till will stay offline for days, a manager exports its unsent mutations to a
 * file, takes it to another enrolled till of the same outlet (or to the server's admin),
 * and the server applies them as if the first till had pushed them.
 *
 * Design:
 *  - The body (JSON) names the exporting terminal, its outlet, server URL and seq base,
 *    and carries each mutation exactly as a push would (seq on the wire = local seq -
 *    seq base), with its local seq beside it.
 *  - The body is signed with the terminal's own Ed25519 key (crypto_sign_detached). The
 *    public half is registered with the server, per terminal, while the till is online
 *    (first registration wins). The server accepts a bundle only when the signature
 *    verifies with the key registered for the terminal the body names, and that
 *    terminal belongs to the importing terminal's outlet. A bundle is therefore as
 *    trustworthy as a push from that terminal, whoever carries it.
 *  - The signed document is encrypted with a key derived from a passphrase the manager
 *    types (crypto_pwhash Argon2id, random salt; crypto_secretbox XSalsa20-Poly1305,
 *    random nonce), so a lost USB stick gives away nothing. The passphrase never goes to
 *    the server: the importing till opens the file and forwards the signed document; the
 *    admin command reads the passphrase from standard input.
 *  - Exactly once: the server applies the mutations under the exporting terminal's own
 *    seq rules (a seq at or below its last applied one answers the stored result), so a
 *    later push of the same mutations by the original till applies nothing twice, and
 *    importing the same file twice changes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sodium.h>

#include "kasir-models.h"

G_BEGIN_DECLS

#define KASIR_OUTBOX_BUNDLE_ERROR (kasir_outbox_bundle_error_quark ())

typedef enum
{
  KASIR_OUTBOX_BUNDLE_ERROR_MALFORMED,        /* not an export file, or a damaged one */
  KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE, /* or the file was altered */
  KASIR_OUTBOX_BUNDLE_ERROR_BAD_SIGNATURE,
  KASIR_OUTBOX_BUNDLE_ERROR_INVALID,          /* bad input (a short passphrase, no mutations) */
} KasirOutboxBundleError;

GQuark kasir_outbox_bundle_error_quark (void);

#define KASIR_OUTBOX_BUNDLE_MIN_PASSPHRASE 8

typedef struct
{
  gint64     terminal_id;
  gint64     outlet_id;
  gint64     seq_base;
  char      *server_url;
  char      *terminal_name; /* the till's name as its people know it; may be NULL */
  char      *exported_at;
  GPtrArray *mutations;   /* KasirMutation*, wire seqs, strictly increasing by one */
} KasirOutboxBundle;

KasirOutboxBundle *kasir_outbox_bundle_new  (void);
void               kasir_outbox_bundle_free (KasirOutboxBundle *self);

/* Signs @bundle with @secret_key: the signed document (JSON text) that
 * kasir_outbox_bundle_seal() encrypts and kasir_outbox_bundle_verify() reads. The same
 * bundle and key always give the same document. */
char              *kasir_outbox_bundle_sign   (const KasirOutboxBundle *bundle,
                                               const guint8             secret_key[crypto_sign_SECRETKEYBYTES],
                                               GError                 **error);
/* Signs @bundle with @secret_key and encrypts the signed document with @passphrase.
 * Returns the file's contents (JSON text). */
char              *kasir_outbox_bundle_seal   (const KasirOutboxBundle *bundle,
                                               const guint8             secret_key[crypto_sign_SECRETKEYBYTES],
                                               const char              *passphrase,
                                               GError                 **error);
/* Decrypts a file's contents; returns the signed document (JSON text). */
char              *kasir_outbox_bundle_unseal (const char              *data,
                                               gsize                    length,
                                               const char              *passphrase,
                                               GError                 **error);
/* Checks the signed document's signature with the public key it carries and decodes the
 * body strictly. @out_public_key receives that key: the caller must compare it with the
 * key it trusts for bundle->terminal_id (sodium_memcmp) before believing anything. */
KasirOutboxBundle *kasir_outbox_bundle_verify (const char              *document,
                                               guint8                   out_public_key[crypto_sign_PUBLICKEYBYTES],
                                               GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KasirOutboxBundle, kasir_outbox_bundle_free)

G_END_DECLS
