<#ftl output_format="plainText">
<#-- The city frame for every Keycloak e-mail (text part), as dossier_bridge/templates/email/base.txt. -->
<#macro emailLayout>
${properties.pfPortalName!} – ${properties.pfCityName!}
==========================================

<#nested>

${msg("pfMailSignature")}

--
${properties.pfContactName!}
${msg("pfMailPhone")} ${properties.pfContactPhone!} – ${msg("pfMailEmail")} ${properties.pfContactEmail!}
${msg("pfMailHelp")} ${properties.pfBridgeUrl!}/aide
${msg("pfMailAutomatic")}
</#macro>
