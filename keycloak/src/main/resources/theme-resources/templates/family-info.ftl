<#--
  Required action "family-info": the family's information for a new dossier,
  or a dossier number found since sign-up. After a first FranceConnect
  sign-in it is the dossier step: the number first, or the family form with
  the adult's identity as FranceConnect gave it. Works without JavaScript: adding
  or removing a child re-renders the form with everything typed.
  Built on the active login theme's layout, so it takes the city look.
-->
<#import "template.ftl" as layout>

<#macro textField name label value required=false hint="" autocomplete="off" type="text" inputmode="" describedBy="">
    <#local error = messagesPerField.get(name)>
    <#local described = describedBy>
    <#if hint?has_content><#local described = described + " " + name + "-hint"></#if>
    <#if error?has_content><#local described = described + " input-error-" + name></#if>
    <div class="${properties.kcFormGroupClass!} pf-family-field">
        <div class="${properties.kcFormGroupLabelClass!}">
            <#-- The asterisk stays outside the label: the label's text is exactly the design's. -->
            <label for="${name}" class="${properties.kcFormLabelClass!}"><span class="${properties.kcFormLabelTextClass!}">${label}</span></label><#if required><span class="${properties.kcInputRequiredClass!}" aria-hidden="true">&#42;</span></#if>
        </div>
        <span class="${properties.kcInputClass!}<#if error?has_content> ${properties.kcError!}</#if>">
            <input id="${name}" name="${name}" type="${type}" value="${value}" autocomplete="${autocomplete}"
                   <#if inputmode?has_content>inputmode="${inputmode}"</#if>
                   <#if required>aria-required="true"</#if>
                   <#if described?trim?has_content>aria-describedby="${described?trim}"</#if>
                   <#if error?has_content>aria-invalid="true"</#if>/>
        </span>
        <#if hint?has_content>
            <div id="${name}-hint" class="${properties.kcInputHelperTextClass!}">
                <span class="${properties.kcInputHelperTextItemTextClass!}">${hint}</span>
            </div>
        </#if>
        <#if error?has_content>
            <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-${name}">
                    <span class="${properties.kcInputErrorMessageClass!}">${error}</span>
                </div>
            </div>
        </#if>
    </div>
</#macro>

<#-- A FranceConnect identity, shown as given: read-only, never posted. -->
<#macro identityField id label value>
    <div class="${properties.kcFormGroupClass!} pf-family-field">
        <div class="${properties.kcFormGroupLabelClass!}">
            <label for="${id}" class="${properties.kcFormLabelClass!}"><span class="${properties.kcFormLabelTextClass!}">${label}</span></label>
        </div>
        <span class="${properties.kcInputClass!} ${properties.kcFormReadOnlyClass!}">
            <input id="${id}" type="text" value="${value}" readonly="readonly" aria-describedby="family-adult-hint"/>
        </span>
    </div>
</#macro>

<@layout.registrationLayout displayMessage=false displayRequiredFields=false; section>
    <#if section = "header">
        <#if franceconnect??>${msg("familyDossierStepTitle")}<#else>${msg("familyInfoTitle")}</#if>
    <#elseif section = "form">
        <#assign summaryFields = ["address", "postalCode", "town", "phone", "parent2LastName", "parent2FirstName", "parent2Email", "parent2Phone"]>
        <#list family.children as child>
            <#assign summaryFields = summaryFields + [child.fieldLastName, child.fieldFirstName, child.fieldBirthDate, child.fieldSchool]>
        </#list>
        <#-- The city theme lists the errors at the top; another theme may not. -->
        <#if layout.errorSummary??><@layout.errorSummary fields=summaryFields/></#if>
        <#if messagesPerField.exists('global')>
            <div id="family-info-alert" class="${properties.kcAlertClass!} pf-m-danger" role="alert">
                <div class="${properties.kcAlertIconClass!}">
                    <span class="${properties.kcFeedbackErrorIcon!}" aria-hidden="true"></span>
                </div>
                <span class="${properties.kcAlertTitleClass!} kc-feedback-text">${messagesPerField.get('global')}</span>
            </div>
        </#if>

        <#if staffMessage??>
            <section id="family-staff-message" class="${properties.kcAlertClass!} pf-m-warning pf-staff-message" aria-labelledby="family-staff-message-title">
                <div class="${properties.kcAlertIconClass!}">
                    <span class="${properties.kcFeedbackWarningIcon!}" aria-hidden="true"></span>
                </div>
                <h2 id="family-staff-message-title" class="${properties.kcAlertTitleClass!}">${msg("familyInfoStaffMessageTitle")}</h2>
                <div class="${properties.kcAlertDescriptionClass!}">
                    <p>${msg("familyInfoStaffMessageIntro")}</p>
                    <#-- The staff write in French, whatever the page's language. -->
                    <blockquote class="pf-staff-message-text"<#if ((locale.currentLanguageTag)!'fr') != "fr"> lang="fr"</#if>>
                        <#list staffMessage?split("\n") as line><#if line?trim?has_content><p>${line}</p></#if></#list>
                    </blockquote>
                </div>
            </section>
        <#elseif franceconnect??>
            <p id="family-info-intro">${msg("familyDossierStepIntro")}</p>
        <#else>
            <p id="family-info-intro">${msg("familyInfoIntro")}</p>
        </#if>

        <section id="family-dossier-recovery" class="pf-dossier-recovery" aria-labelledby="family-recovery-title">
            <#if franceconnect??>
                <h2 id="family-recovery-title" class="${properties.kcFormLabelClass!}">${msg("familyDossierNumberTitle")}</h2>
                <p id="family-recovery-text">${msg("familyDossierNumberText")}</p>
            <#else>
                <h2 id="family-recovery-title" class="${properties.kcFormLabelClass!}">${msg("familyRecoveryTitle")}</h2>
                <p id="family-recovery-text">${msg("familyRecoveryText")}</p>
            </#if>
            <form id="kc-family-dossier-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
                <@textField name="dossierNumber" label=msg("dossierNumber") value=(recoveryDossierNumber!'')
                            hint=msg("dossierNumberHint") inputmode="numeric"/>
                <div class="${properties.kcFormGroupClass!}">
                    <button id="family-recovery-submit" class="${properties.kcButtonSecondaryClass!}" type="submit"
                            name="action" value="dossier-number">${msg("familyRecoverySubmit")}</button>
                </div>
            </form>
            <#-- The bridge's page, where the number is sent by e-mail; its address comes from the city theme. -->
            <#if properties.pfBridgeUrl?has_content>
                <p class="pf-lost-number"><a id="family-lost-number-link" href="${properties.pfBridgeUrl}/numero-de-dossier-perdu?lang=${(locale.currentLanguageTag)!'fr'}">${msg("familyLostNumber")}</a></p>
            </#if>
        </section>

        <h2 id="family-form-title" class="${properties.kcFormLabelClass!}"><#if franceconnect??>${msg("familyFormTitleNoNumber")}<#else>${msg("familyFormTitle")}</#if></h2>
        <form id="kc-family-info-form" aria-labelledby="family-form-title" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#-- The form's default button: pressing Enter in a field sends the
                 form instead of adding or removing a child. -->
            <button type="submit" name="action" value="submit" hidden="hidden" tabindex="-1" aria-hidden="true"></button>
            <input type="hidden" name="idempotencyKey" value="${family.idempotencyKey}"/>
            <input type="hidden" name="childCount" value="${family.childCount}"/>

            <p id="family-required-note" class="${properties.kcInputHelperTextItemTextClass!}">${msg("familyInfoRequiredNote")}</p>

            <#if franceconnect??>
                <fieldset id="family-adult" class="pf-family-fieldset">
                    <legend class="${properties.kcFormLabelClass!}">${msg("familyAdultLegend")}</legend>
                    <p id="family-adult-hint" class="${properties.kcInputHelperTextItemTextClass!}">${msg("familyAdultHint")}</p>
                    <@identityField id="adultFamilyName" label=msg("familyAdultFamilyName") value=franceconnect.familyName/>
                    <#if franceconnect.usageName?has_content>
                        <@identityField id="adultUsageName" label=msg("familyAdultUsageName") value=franceconnect.usageName/>
                    </#if>
                    <@identityField id="adultGivenNames" label=msg("familyAdultGivenNames") value=franceconnect.givenNames/>
                    <#if franceconnect.birthDate?has_content>
                        <@identityField id="adultBirthDate" label=msg("familyAdultBirthDate") value=franceconnect.birthDate/>
                    </#if>
                </fieldset>
            </#if>

            <fieldset id="family-household" class="pf-family-fieldset">
                <legend class="${properties.kcFormLabelClass!}">${msg("familyInfoHouseholdLegend")}</legend>
                <@textField name="address" label=msg("familyAddress") value=family.address required=true autocomplete="address-line1"/>
                <@textField name="postalCode" label=msg("familyPostalCode") value=family.postalCode required=true autocomplete="postal-code" inputmode="numeric"
                            hint=msg("familyPostalCodeHint")/>
                <@textField name="town" label=msg("familyTown") value=family.town required=true autocomplete="address-level2"/>
                <@textField name="phone" label=msg("familyPhone") value=family.phone required=true autocomplete="tel" type="tel" hint=msg("familyPhoneHint")/>
            </fieldset>

            <fieldset id="family-second-parent" class="pf-family-fieldset" aria-describedby="family-second-parent-hint">
                <legend class="${properties.kcFormLabelClass!}">${msg("familySecondParentLegend")}</legend>
                <p id="family-second-parent-hint" class="${properties.kcInputHelperTextItemTextClass!}">${msg("familySecondParentHint")}</p>
                <@textField name="parent2LastName" label=msg("familySecondParentLastName") value=family.parent2LastName/>
                <@textField name="parent2FirstName" label=msg("familySecondParentFirstName") value=family.parent2FirstName/>
                <@textField name="parent2Email" label=msg("familySecondParentEmail") value=family.parent2Email type="email"
                            hint=msg("familyEmailHint")/>
                <@textField name="parent2Phone" label=msg("familySecondParentPhone") value=family.parent2Phone type="tel"
                            hint=msg("familyPhoneHint")/>
            </fieldset>

            <#assign childrenError = messagesPerField.get('children')>
            <fieldset id="family-children" class="pf-family-fieldset"
                      aria-describedby="family-children-hint<#if childrenError?has_content> input-error-children</#if>">
                <legend class="${properties.kcFormLabelClass!}">${msg("familyChildrenLegend")}</legend>
                <p id="family-children-hint" class="${properties.kcInputHelperTextItemTextClass!}">${msg("familyChildrenHint", family.maxChildren)}</p>
                <#if childrenError?has_content>
                    <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
                        <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-children">
                            <span class="${properties.kcInputErrorMessageClass!}">${childrenError}</span>
                        </div>
                    </div>
                </#if>

                <#list family.children as child>
                    <fieldset id="family-child-${child.index}" class="pf-family-child">
                        <legend id="family-child-${child.index}-legend" class="${properties.kcFormLabelClass!}">${msg("familyChildLegend", child.number)}</legend>
                        <@textField name=child.fieldLastName label=msg("familyChildLastName") value=child.valueLastName required=true/>
                        <@textField name=child.fieldFirstName label=msg("familyChildFirstName") value=child.valueFirstName required=true/>
                        <@textField name=child.fieldBirthDate label=msg("familyChildBirthDate") value=child.valueBirthDate required=true
                                    hint=msg("familyChildBirthDateHint") inputmode="numeric"/>
                        <@textField name=child.fieldSchool label=msg("familyChildSchool") value=child.valueSchool/>
                        <#if child.removable>
                            <div class="${properties.kcFormGroupClass!}">
                                <button id="family-remove-child-${child.index}" class="${properties.kcButtonLinkClass!}" type="submit"
                                        name="action" value="remove-child-${child.index}"
                                        aria-describedby="family-child-${child.index}-legend">${msg("familyRemoveChild")}</button>
                            </div>
                        </#if>
                    </fieldset>
                </#list>

                <div class="${properties.kcFormGroupClass!}">
                    <#if family.canAddChild>
                        <button id="family-add-child" class="${properties.kcButtonSecondaryClass!}" type="submit"
                                name="action" value="add-child">${msg("familyAddChild")}</button>
                    <#else>
                        <p id="family-max-children">${msg("familyMaxChildrenReached", family.maxChildren)}</p>
                    </#if>
                </div>
            </fieldset>

            <div id="kc-form-buttons" class="${properties.kcFormGroupClass!}">
                <button id="family-submit" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit"
                        name="action" value="submit">${msg("familySubmit")}</button>
            </div>
        </form>
    </#if>
</@layout.registrationLayout>
