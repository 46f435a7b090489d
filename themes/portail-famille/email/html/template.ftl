<#-- The city look for every Keycloak e-mail (HTML part): same frame as the bridge's e-mails
     (dossier_bridge/templates/email/base.html). Tables and inline styles for mail clients. -->
<#macro emailLayout>
<#assign primary = (properties.pfColorPrimary!'#14325c')?replace(";", "")>
<#assign accent = (properties.pfColorAccent!'#c8102e')?replace(";", "")>
<html lang="${locale.language}" dir="${(ltr)?then('ltr','rtl')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0;padding:0;background:#f3f5f8;font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f5f8;"><tr><td align="center" style="padding:16px 8px;">
    <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;">
      <tr><td style="background:#ffffff;border-bottom:4px solid ${accent};padding:16px 24px;">
        <div style="font-size:22px;font-weight:bold;text-transform:uppercase;letter-spacing:1px;color:${primary};">${properties.pfPortalName!}</div>
        <div style="font-size:14px;text-transform:uppercase;letter-spacing:1px;color:#1b1b1b;">${properties.pfCityName!}</div>
      </td></tr>
      <tr><td class="pf-mail-body" style="padding:24px;font-size:16px;line-height:1.5;color:#1b1b1b;">
        <#nested>
        <p style="margin:24px 0 0;">${msg("pfMailSignature")}</p>
      </td></tr>
      <tr><td style="background:${primary};color:#ffffff;padding:16px 24px;font-size:13px;line-height:1.5;">
        <strong>${properties.pfContactName!}</strong><br>
        ${msg("pfMailPhone")} ${properties.pfContactPhone!} – ${msg("pfMailEmail")} ${properties.pfContactEmail!}<br>
        ${msg("pfMailHelp")} <a style="color:#ffffff;" href="${properties.pfBridgeUrl!}/aide">${properties.pfBridgeUrl!}/aide</a><br>
        ${msg("pfMailAutomatic")}
      </td></tr>
    </table>
  </td></tr></table>
</body>
</html>
</#macro>
