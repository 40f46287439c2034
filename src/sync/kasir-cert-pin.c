/* kasir-cert-pin.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kasir-cert-pin.h"
#include "kasir-fingerprint.h"
#include "kasir-settings-repository.h"
#include "kasir-sync-client.h"

char *
kasir_cert_pin_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return kasir_fingerprint_of_der (der->data, der->len);
}

char *
kasir_cert_pin_load (KasirDatabase  *db,
                     GError        **error)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  value = kasir_settings_repository_get_string (settings, KASIR_CERT_PIN_SETTING, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (value != NULL && !kasir_fingerprint_is_valid (value))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("The pinned server certificate is damaged; trust the server’s certificate again"));
      return NULL;
    }
  return g_steal_pointer (&value);
}

gboolean
kasir_cert_pin_store (KasirDatabase  *db,
                      const char     *fingerprint,
                      GError        **error)
{
  g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);

  g_return_val_if_fail (fingerprint == NULL || kasir_fingerprint_is_valid (fingerprint), FALSE);

  if (fingerprint == NULL)
    return kasir_settings_repository_remove (settings, KASIR_CERT_PIN_SETTING, error);
  return kasir_settings_repository_set_string (settings, KASIR_CERT_PIN_SETTING, fingerprint,
                                               error);
}

static gboolean
host_is_this_computer (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
kasir_cert_pin_check_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a valid server address"), url);
      return FALSE;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
      host_is_this_computer (g_uri_get_host (uri)))
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                 _("Plain http:// would send sales and the till’s access token unencrypted; "
                   "it is allowed only for a server on this computer. Use the https:// "
                   "address the server prints"));
  else
    g_set_error (error, KASIR_SYNC_ERROR, KASIR_SYNC_ERROR_INVALID_URL,
                 _("“%s” is not an https:// server address"), url);
  return FALSE;
}

static gboolean
on_accept_pinned (SoupMessage          *msg,
                  GTlsCertificate      *peer,
                  GTlsCertificateFlags  errors,
                  gpointer              user_data)
{
  g_autofree char *fingerprint = kasir_cert_pin_fingerprint (peer);

  return kasir_fingerprint_equal (fingerprint, user_data);
}

void
kasir_cert_pin_apply (SoupSession *session,
                      SoupMessage *msg,
                      const char  *fingerprint)
{
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  if (fingerprint == NULL)
    return;
  /* Without a database every certificate fails verification, so "accept-certificate"
   * is asked each time, also for one that some authority signed: the pin decides. */
  soup_session_set_tls_database (session, NULL);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_pinned),
                    (gpointer) fingerprint);
}
