/* kasir-server-tls.h — the server's own certificate, so that HTTPS works out of the box.
 *
 * `kasir-server init` (and `demo`) make a self-signed certificate and its key beside the
 * database when there are none: PATH.cert.pem (0644) and PATH.key.pem (0600, created
 * exclusively, never widened and narrowed afterwards). `serve` uses them by default. A till
 * does not trust this certificate through a certificate authority: it pins its SHA-256
 * fingerprint at enrollment (kasir-fingerprint.h), as SSH pins a host key, and
 * `kasir-server fingerprint` prints the same text for a person to compare.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* PATH.cert.pem and PATH.key.pem for the database at @db_path. */
char     *kasir_server_tls_default_cert_path (const char       *db_path);
char     *kasir_server_tls_default_key_path  (const char       *db_path);

/* Makes a new ECDSA P-256 key and a self-signed X.509 certificate for it (SHA-256,
 * subjectAltName localhost, 127.0.0.1, ::1 and this host's name, valid for 20 years).
 * Fails with G_IO_ERROR_EXISTS when either file exists; on any failure neither is left. */
gboolean  kasir_server_tls_generate          (const char       *cert_path,
                                              const char       *key_path,
                                              GError          **error);

/* The fingerprint (kasir-fingerprint.h) of a certificate, or of the first one in a PEM
 * file. */
char     *kasir_server_tls_fingerprint       (GTlsCertificate  *certificate);
char     *kasir_server_tls_fingerprint_file  (const char       *cert_path,
                                              GError          **error);

/* Creates @path exclusively with @mode (0600 for secrets), so that it is never readable by
 * others even for a moment. Fails with G_IO_ERROR_EXISTS when it exists. */
gboolean  kasir_server_create_private_file   (const char       *path,
                                              int               mode,
                                              const void       *data,
                                              gsize             length,
                                              GError          **error);

/* TRUE when "HOST:PORT" listens on a loopback address only (127.0.0.0/8, ::1, localhost). */
gboolean  kasir_server_address_is_loopback   (const char       *address);

G_END_DECLS
