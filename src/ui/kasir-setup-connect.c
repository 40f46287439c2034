/* kasir-setup-connect.c — what a person types and reads when connecting a till.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "kasir-setup-connect.h"
#include "kasir-sync-client.h"

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* "[::1]" as a URL writes it. */
  bare = host[0] == '[' ? g_strndup (host + 1, strlen (host) - 2) : g_strdup (host);
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
kasir_setup_complete_url (const char  *text,
                          GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0' || strpbrk (trimmed, " \t") != NULL)
    goto invalid;

  if (strstr (trimmed, "://") != NULL)
    url = g_strdup (trimmed);
  else
    {
      /* The host alone decides: plain HTTP leaves this computer for nobody. */
      g_autofree char *probe = g_strconcat ("https://", trimmed, NULL);
      g_autoptr(GUri) parsed = g_uri_parse (probe, G_URI_FLAGS_NONE, NULL);

      if (parsed == NULL || g_uri_get_host (parsed) == NULL)
        goto invalid;
      url = g_strconcat (host_is_loopback (g_uri_get_host (parsed)) ? "http://" : "https://",
                         trimmed, NULL);
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    goto invalid;
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    return g_steal_pointer (&url);
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return g_steal_pointer (&url);
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A server on another computer is reached with https:// only: "
                             "what the till sends must not cross the network in the clear"));
      return NULL;
    }

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a server address. Type it as the server shows it, such as "
                 "https://kasir.example.com:8765 or 192.168.1.10:8765"), text);
  return NULL;
}

char *
kasir_setup_format_code (const char *text)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-' || g_ascii_isspace (*p))
        continue;
      if (n > 0 && n % 4 == 0)
        g_string_append_c (out, '-');
      g_string_append_c (out, g_ascii_toupper (*p));
      n++;
    }

  return g_string_free (out, FALSE);
}

char *
kasir_setup_explain_error (const GError *error,
                           const char   *url)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == KASIR_SYNC_ERROR)
    switch ((KasirSyncError) error->code)
      {
      case KASIR_SYNC_ERROR_UNAUTHORIZED:
        return g_strdup (_("The server did not accept this enrollment code. A code works "
                           "once and for a limited time: check it, or ask for a new one "
                           "(kasir-server enroll-code)."));
      case KASIR_SYNC_ERROR_FORBIDDEN:
        return g_strdup (_("The server refused this till. Ask the server’s administrator "
                           "whether its outlet takes new tills."));
      case KASIR_SYNC_ERROR_TRANSPORT:
        return g_strdup_printf (_("The server at %s could not be reached. Check the address, "
                                  "the network, and that the server is running."), url);
      case KASIR_SYNC_ERROR_UNAVAILABLE:
        return g_strdup (_("The server has a problem right now. Try again in a minute; if it "
                           "lasts, its administrator can see why in its log."));
      case KASIR_SYNC_ERROR_TLS:
      case KASIR_SYNC_ERROR_CERTIFICATE_CHANGED:
        return g_strdup_printf (_("The server’s certificate could not be trusted: %s"),
                                error->message);
      case KASIR_SYNC_ERROR_INVALID_URL:
        return g_strdup (error->message);
      case KASIR_SYNC_ERROR_WRONG_OUTLET:
        /* Translators: %s says which outlets, e.g. "This till belongs to outlet 1…". */
        return g_strdup_printf (_("%s. Ask for a code for this till’s own outlet."),
                                error->message);
      case KASIR_SYNC_ERROR_BAD_RESPONSE:
        return g_strdup_printf (_("Something answered at %s, but not a Kasir server."), url);
      default:
        break;
      }
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf (_("The server at %s could not be reached. Check the address, "
                              "the network, and that the server is running."), url);

  /* Translators: %s is the server's own reason. */
  return g_strdup_printf (_("The server refused: %s"), error->message);
}
