/* kasir-server-tls.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "kasir-fingerprint.h"
#include "kasir-server.h"
#include "kasir-server-store.h"
#include "kasir-server-tls.h"

#define VALIDITY_SECONDS ((time_t) 20 * 365 * 24 * 3600)

/* Beside a database file; for a PostgreSQL database, which has no file here, in the
 * user's configuration directory under the database's name, so that every server
 * process of the machine serves the same certificate. */
static char *
default_path (const char *db,
              const char *suffix)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  if (!kasir_server_store_is_pg_uri (db))
    return g_strconcat (db, suffix, NULL);
  name = kasir_server_store_pg_name (db);
  return g_strconcat (g_get_user_config_dir (), G_DIR_SEPARATOR_S, "kasir-server", G_DIR_SEPARATOR_S,
                      name, suffix, NULL);
}

char *
kasir_server_tls_default_cert_path (const char *db)
{
  return default_path (db, ".cert.pem");
}

char *
kasir_server_tls_default_key_path (const char *db)
{
  return default_path (db, ".key.pem");
}

gboolean
kasir_server_create_private_file (const char  *path,
                                  int          mode,
                                  const void  *data,
                                  gsize        length,
                                  GError     **error)
{
  const guint8 *p = data;
  int fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);

  /* O_EXCL: never reuse (or follow a link to) a file someone else prepared. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  while (length > 0)
    {
      ssize_t n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail;
      p += n;
      length -= (gsize) n;
    }
  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  return TRUE;

fail:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (path);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
               g_strerror (saved));
  return FALSE;
}

static gboolean
gnutls_ok (int          rc,
           const char  *what,
           GError     **error)
{
  if (rc >= 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, gnutls_strerror (rc));
  return FALSE;
}

/* The names a till may use for this server. A till pins the certificate and does not
 * check names, but other clients (a browser, curl) show them. */
static gboolean
add_names (gnutls_x509_crt_t   crt,
           GError            **error)
{
  static const guint8 v4[4] = { 127, 0, 0, 1 };
  static const guint8 v6[16] = { [15] = 1 };
  const char *host = g_get_host_name ();
  const char *dns[3] = { "localhost", NULL, NULL };
  g_autofree char *local = NULL;
  int rc = 0;

  if (host != NULL && *host != '\0' && !g_str_equal (host, "localhost"))
    {
      dns[1] = host;
      if (strchr (host, '.') == NULL)
        dns[2] = local = g_strconcat (host, ".local", NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (dns) && rc >= 0; i++)
    if (dns[i] != NULL)
      rc = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, dns[i],
                                                 strlen (dns[i]), GNUTLS_FSAN_APPEND);
  if (rc >= 0)
    rc = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, v4, sizeof v4,
                                               GNUTLS_FSAN_APPEND);
  if (rc >= 0)
    rc = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, v6, sizeof v6,
                                               GNUTLS_FSAN_APPEND);
  if (rc >= 0 && dns[1] != NULL)
    rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, dns[1],
                                        strlen (dns[1]));
  else if (rc >= 0)
    rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, "localhost",
                                        strlen ("localhost"));
  return gnutls_ok (rc, "certificate names", error);
}

static gboolean
fill_certificate (gnutls_x509_crt_t       crt,
                  gnutls_x509_privkey_t   key,
                  GError                **error)
{
  guint8 serial[16];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);

  if (!gnutls_ok (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "serial", error))
    return FALSE;
  serial[0] &= 0x7f; /* a positive number */
  serial[0] |= 0x01; /* and never a shorter one */
  return gnutls_ok (gnutls_x509_crt_set_version (crt, 3), "version", error) &&
         gnutls_ok (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error) &&
         /* An hour back, for clocks that are a little behind. */
         gnutls_ok (gnutls_x509_crt_set_activation_time (crt, now - 3600), "validity", error) &&
         gnutls_ok (gnutls_x509_crt_set_expiration_time (crt, now + VALIDITY_SECONDS), "validity", error) &&
         gnutls_ok (gnutls_x509_crt_set_key (crt, key), "public key", error) &&
         add_names (crt, error) &&
         gnutls_ok (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                   "kasir-server", strlen ("kasir-server")),
                    "organization", error) &&
         gnutls_ok (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "constraints", error) &&
         gnutls_ok (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "key usage", error) &&
         gnutls_ok (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0), "purpose", error) &&
         gnutls_ok (gnutls_x509_crt_get_key_id (crt, 0, key_id, &key_id_size), "key id", error) &&
         gnutls_ok (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size), "key id", error) &&
         gnutls_ok (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "signature", error);
}

gboolean
kasir_server_tls_generate (const char  *cert_path,
                           const char  *key_path,
                           GError     **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t key_pem = { NULL, 0 };
  gnutls_datum_t crt_pem = { NULL, 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (cert_path != NULL && key_path != NULL, FALSE);

  if (g_file_test (cert_path, G_FILE_TEST_EXISTS) || g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s or %s already exists; refusing to replace it", cert_path, key_path);
      return FALSE;
    }
  if (!gnutls_ok (gnutls_x509_privkey_init (&key), "key", error) ||
      !gnutls_ok (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
                  "key", error) ||
      !gnutls_ok (gnutls_x509_crt_init (&crt), "certificate", error) ||
      !fill_certificate (crt, key, error) ||
      !gnutls_ok (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                     GNUTLS_PKCS_PLAIN, &key_pem), "key", error) ||
      !gnutls_ok (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem), "certificate", error))
    goto out;

  if (!kasir_server_create_private_file (key_path, 0600, key_pem.data, key_pem.size, error))
    goto out;
  if (!kasir_server_create_private_file (cert_path, 0644, crt_pem.data, crt_pem.size, error))
    {
      g_unlink (key_path);
      goto out;
    }
  ok = TRUE;

out:
  if (key_pem.data != NULL)
    {
      gnutls_memset (key_pem.data, 0, key_pem.size);
      gnutls_free (key_pem.data);
    }
  if (crt_pem.data != NULL)
    gnutls_free (crt_pem.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

char *
kasir_server_tls_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  g_return_val_if_fail (der != NULL, NULL);
  return kasir_fingerprint_of_der (der->data, der->len);
}

char *
kasir_server_tls_fingerprint_file (const char  *cert_path,
                                   GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_return_val_if_fail (cert_path != NULL, NULL);

  certificate = g_tls_certificate_new_from_file (cert_path, error);
  if (certificate == NULL)
    return NULL;
  return kasir_server_tls_fingerprint (certificate);
}

gboolean
kasir_server_address_is_loopback (const char *address)
{
  g_autoptr(GInetSocketAddress) parsed = NULL;

  g_return_val_if_fail (address != NULL, FALSE);

  parsed = kasir_server_parse_address (address, NULL);
  return parsed != NULL &&
         g_inet_address_get_is_loopback (g_inet_socket_address_get_address (parsed));
}
