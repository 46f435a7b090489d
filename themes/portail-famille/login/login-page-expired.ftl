<#-- The sign-in took too long, or was left in another tab: two links that say where they lead
     (RGAA 6.1), the first one taking the family back to the step it was at. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("pageExpiredTitle")}
    <#elseif section = "form">
        <p id="instruction1">${msg("pfPageExpiredExplain")}</p>
        <ul class="pf-choices-list">
            <li><a id="loginContinueLink" href="${url.loginAction}">${msg("pfPageExpiredContinue")}</a></li>
            <li><a id="loginRestartLink" href="${url.loginRestartFlowUrl}">${msg("pfPageExpiredRestart")}</a></li>
        </ul>
    </#if>
</@layout.registrationLayout>
