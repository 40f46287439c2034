/* kasir-receipt-shop.c — what a receipt says about the shop, the till and the cashier.
 *
 * A receipt is a document the customer keeps: it names the shop, its outlet, address and
 * tax number (NPWP), who sold and on which till, by default. The shop-wide values come
 * from the settings repository; the till's own header and footer settings fill in for a
 * shop that has set none.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-receipt-shop.h"
#include "kasir-customer-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-staff-repository.h"

static void
append_line (GString    *out,
             const char *text)
{
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return;
  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append (out, trimmed);
}

static char *
shop_value (KasirSettingsRepository *repo,
            const char              *key)
{
  g_autoptr(GError) error = NULL;
  char *value;

  if (repo == NULL)
    return NULL;
  value = kasir_settings_repository_get_string (repo, key, &error);
  if (error != NULL)
    g_warning ("Could not read the setting %s: %s", key, error->message);

  return value;
}

/* The member's name (and card), by id or, made on this till, by client id. */
static char *
load_customer (KasirDatabase   *database,
               const KasirSale *sale)
{
  g_autoptr(KasirCustomerRepository) repo = NULL;
  g_autoptr(KasirCustomer) c = NULL;

  if (sale->customer_id == 0 && sale->customer_client_id == NULL)
    return NULL;
  repo = kasir_customer_repository_new (database);
  c = sale->customer_id != 0 ? kasir_customer_repository_get (repo, sale->customer_id, NULL)
                             : kasir_customer_repository_get_by_client_id (repo, sale->customer_client_id, NULL);
  if (c == NULL)
    return NULL;
  if (c->member_code != NULL && c->member_code[0] != '\0')
    return g_strdup_printf ("%s (%s)", c->name, c->member_code);
  return g_strdup (c->name);
}

KasirReceiptShop *
kasir_receipt_shop_load (KasirDatabase   *database,
                         GSettings       *settings,
                         const KasirSale *sale)
{
  g_autoptr(KasirSettingsRepository) repo = database != NULL ? kasir_settings_repository_new (database) : NULL;
  KasirReceiptShop *self = g_new0 (KasirReceiptShop, 1);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *name = shop_value (repo, KASIR_SETTING_SHOP_NAME);
  g_autofree char *outlet = shop_value (repo, KASIR_SETTING_OUTLET_NAME);
  g_autofree char *address = shop_value (repo, KASIR_SETTING_SHOP_ADDRESS);
  g_autofree char *tax_number = shop_value (repo, KASIR_SETTING_SHOP_TAX_NUMBER);
  g_autofree char *header_text = shop_value (repo, KASIR_SETTING_RECEIPT_HEADER);
  g_autofree char *footer = shop_value (repo, KASIR_SETTING_RECEIPT_FOOTER);
  g_autofree char *till = settings != NULL ? g_settings_get_string (settings, "terminal-name") : NULL;

  append_line (header, name);
  append_line (header, outlet);
  append_line (header, address);
  if (tax_number != NULL && tax_number[0] != '\0')
    {
      /* Translators: the shop's tax number on a receipt; NPWP in Indonesia. */
      g_autofree char *line = g_strdup_printf (_("Tax no. %s"), tax_number);

      append_line (header, line);
    }
  append_line (header, header_text);
  if (header->len == 0 && settings != NULL)
    {
      g_autofree char *own = g_settings_get_string (settings, "receipt-header");

      append_line (header, own);
    }
  self->header = g_strdup (header->str);

  if ((footer == NULL || footer[0] == '\0') && settings != NULL)
    {
      g_free (footer);
      footer = g_settings_get_string (settings, "receipt-footer");
    }
  self->footer = g_steal_pointer (&footer);

  if (database != NULL && sale != NULL && sale->staff_id > 0)
    {
      g_autoptr(KasirStaffRepository) staff = kasir_staff_repository_new (database);
      g_autoptr(KasirStaff) cashier = kasir_staff_repository_get (staff, sale->staff_id, NULL);

      if (cashier != NULL)
        self->cashier = g_strdup (cashier->name);
    }
  if (till != NULL && till[0] != '\0')
    self->till = g_steal_pointer (&till);
  if (database != NULL && sale != NULL)
    self->customer = load_customer (database, sale);

  return self;
}

void
kasir_receipt_shop_free (KasirReceiptShop *self)
{
  if (self == NULL)
    return;
  g_free (self->header);
  g_free (self->footer);
  g_free (self->cashier);
  g_free (self->till);
  g_free (self->customer);
  g_free (self);
}
