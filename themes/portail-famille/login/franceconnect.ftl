<#-- The official FranceConnect button, as FranceConnect's partner rules want
     it: the DSFR component unchanged (vendor/dsfr/connect.standalone.css,
     copied from @gouvfr/dsfr by `make deps`), its label "S’identifier avec
     FranceConnect", the "Qu’est-ce que FranceConnect ?" link under it, first
     on the page and set apart from the password form by a line and "ou".
     A plain link to Keycloak's broker login: no JavaScript needed.
     Shown only when the realm lists the identity provider, that is when
     FRANCECONNECT_ENABLED is true. -->

<#assign alias = properties.pfFranceConnectAlias!"franceconnect">

<#function providers social>
  <#return ((social.providers)![])?filter(p -> p.alias == alias)>
</#function>

<#-- The realm's other identity providers, for the theme's generic list. -->
<#function others social>
  <#return ((social.providers)![])?filter(p -> p.alias != alias)>
</#function>

<#-- The button block; the nested content (an introduction) comes first. -->
<#macro button social>
  <#list providers(social) as p>
    <div class="pf-franceconnect" id="pf-franceconnect">
      <#nested>
      <div class="pf-franceconnect__group">
        <a class="fr-connect" id="social-${p.alias}" href="${p.loginUrl}">
          <span class="fr-connect__login">${msg("pfFranceConnectLogin")}</span>
          <span class="fr-connect__brand">FranceConnect</span>
        </a>
        <p class="pf-franceconnect__what">
          <a id="pf-franceconnect-what" href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener"
             title="${msg('pfFranceConnectWhat')} - ${msg('pfNewWindow')}">${msg("pfFranceConnectWhat")}<span class="pf-sr-only"> - ${msg("pfNewWindow")}</span></a>
        </p>
      </div>
    </div>
    <p class="pf-or" id="pf-franceconnect-or"><span>${msg("pfOr")}</span></p>
  </#list>
</#macro>
