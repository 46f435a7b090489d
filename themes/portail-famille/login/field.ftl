<#-- Form fields of the city theme. Same macros and parameters as keycloak.v2's field.ftl
     (group, errorIcon, input, password, clipboard, checkbox), so that every page of the
     parent that this theme does not override still works, plus what RGAA 11.10 asks:
     - a `hint` (a format rule) shown under the field and named in its aria-describedby;
     - the field's error, when there is one, named in its aria-describedby too (the error
       container is always named, so that an error the page's script writes there later
       is also read with the field);
     - a new password announces the realm's password rules before the first submit. -->

<#function describedBy name hint="">
  <#return (hint?has_content)?then(name + "-hint ", "") + "input-error-container-" + name>
</#function>

<#-- The realm's password policy, as one sentence ("" when the realm has none). -->
<#function passwordRule>
  <#if !(passwordPolicies??)><#return ""></#if>
  <#local kinds = []>
  <#if (passwordPolicies.lowerCase!0) gt 0><#local kinds = kinds + [msg("pfPasswordRuleLower", passwordPolicies.lowerCase)]></#if>
  <#if (passwordPolicies.upperCase!0) gt 0><#local kinds = kinds + [msg("pfPasswordRuleUpper", passwordPolicies.upperCase)]></#if>
  <#if (passwordPolicies.digits!0) gt 0><#local kinds = kinds + [msg("pfPasswordRuleDigits", passwordPolicies.digits)]></#if>
  <#if (passwordPolicies.specialChars!0) gt 0><#local kinds = kinds + [msg("pfPasswordRuleSpecial", passwordPolicies.specialChars)]></#if>
  <#local rule = "">
  <#if (passwordPolicies.length!0) gt 0><#local rule = msg("pfPasswordRuleLength", passwordPolicies.length)></#if>
  <#if kinds?has_content>
    <#local list = (kinds?size gt 1)?then(kinds[0..kinds?size - 2]?join(", ") + " " + msg("pfAnd") + " " + kinds?last, kinds[0])>
    <#local rule = rule?has_content?then(msg("pfPasswordRuleWith", rule, list), msg("pfPasswordRuleOnly", list))>
  </#if>
  <#if passwordPolicies.notUsername || passwordPolicies.notEmail>
    <#local rule = (rule?has_content)?then(rule + " ", "") + msg("pfPasswordRuleNotName")>
  </#if>
  <#return rule>
</#function>

<#macro group name label error="" required=false hint="">
<div class="${properties.kcFormGroupClass}">
    <div class="${properties.kcFormGroupLabelClass}">
        <label for="${name}" class="${properties.kcFormLabelClass}">
            <span class="${properties.kcFormLabelTextClass}">${label}</span><#if required> <span class="${properties.kcInputRequiredClass}" aria-hidden="true">&#42;</span></#if>
        </label>
    </div>

    <#nested>

    <#if hint?has_content>
        <div id="${name}-hint" class="${properties.kcInputHelperTextClass} pf-hint">${hint}</div>
    </#if>
    <div id="input-error-container-${name}">
        <#if error?has_content>
            <div class="${properties.kcFormHelperTextClass}">
                <div class="${properties.kcInputHelperTextClass}">
                    <div class="${properties.kcInputHelperTextItemClass} ${properties.kcError}" id="input-error-${name}">
                        <span class="${properties.kcInputErrorMessageClass}">${error}</span>
                    </div>
                </div>
            </div>
        </#if>
    </div>
</div>
</#macro>

<#macro errorIcon error="">
  <#if error?has_content>
    <span class="${properties.kcFormControlUtilClass}">
        <span class="${properties.kcInputErrorIconStatusClass}">
          <i class="${properties.kcInputErrorIconClass}" aria-hidden="true"></i>
        </span>
    </span>
  </#if>
</#macro>

<#macro input name label value="" required=false autocomplete="off" fieldName=name error=messagesPerField.get(fieldName) autofocus=false hint="">
  <@group name=name label=label error=error required=required hint=hint>
    <span class="${properties.kcInputClass} <#if error?has_content>${properties.kcError}</#if>">
        <input id="${name}" name="${name}" value="${value}" type="text" autocomplete="${autocomplete}" <#if autofocus>autofocus</#if>
               <#if autocomplete == "one-time-code">inputmode="numeric"</#if>
               <#if required>aria-required="true"</#if>
               aria-describedby="${describedBy(name, hint)}"
               <#if error?has_content>aria-invalid="true"</#if>/>
        <@errorIcon error=error/>
    </span>
  </@group>
</#macro>

<#macro password name label value="" required=false forgotPassword=false fieldName=name error=messagesPerField.get(fieldName) autocomplete="off" autofocus=false hint="">
  <#-- A password being chosen (not a confirmation) comes with the realm's rules. -->
  <#local rule = (hint?has_content || autocomplete != "new-password" || name?contains("confirm"))?then(hint, passwordRule())>
  <@group name=name label=label error=error required=required hint=rule>
    <div class="${properties.kcInputGroup}">
      <div class="${properties.kcInputGroupItemClass} ${properties.kcFill}">
        <span class="${properties.kcInputClass} <#if error?has_content>${properties.kcError}</#if>">
          <input id="${name}" name="${name}" value="${value}" type="password" autocomplete="${autocomplete}" <#if autofocus>autofocus</#if>
                 <#if required>aria-required="true"</#if>
                 aria-describedby="${describedBy(name, rule)}"
                 <#if error?has_content>aria-invalid="true"</#if>/>
          <@errorIcon error=error/>
        </span>
      </div>
      <div class="${properties.kcInputGroupItemClass}">
        <button class="${properties.kcFormPasswordVisibilityButtonClass}" type="button" aria-label="${msg('showPassword')}"
                aria-controls="${name}" data-password-toggle
                data-icon-show="${properties.kcFormPasswordVisibilityIconShow}" data-icon-hide="${properties.kcFormPasswordVisibilityIconHide}"
                data-label-show="${msg('showPassword')}" data-label-hide="${msg('hidePassword')}" id="${name}-show-password">
            <i class="${properties.kcFormPasswordVisibilityIconShow}" aria-hidden="true"></i>
        </button>
      </div>
    </div>
    <#if forgotPassword>
      <p class="${properties.kcInputHelperTextItemTextClass}"><a href="${url.loginResetCredentialsUrl}">${msg("doForgotPassword")}</a></p>
    </#if>
    <#nested>
  </@group>
</#macro>

<#macro clipboard name label ariaLabel=label value="" readonly=true>
  <@group name=name label=label>
    <div class="${properties.kcCodeClipboardCopyClass}" id="kc-${name}-clipboard">
      <div class="${properties.kcInputGroup}">
        <div class="${properties.kcInputGroupItemClass} ${properties.kcFill}">
          <span class="${properties.kcInputClass} <#if readonly>${properties.kcFormReadOnlyClass}</#if>">
            <input id="${name}" name="${name}" value="${value}" type="text" <#if readonly>readonly</#if>/>
          </span>
        </div>
        <div class="${properties.kcInputGroupItemClass}">
          <button class="${properties.kcFormPasswordVisibilityButtonClass}" type="button" aria-label="${msg("code-copy-label")}"
                  data-icon-success="${properties.kcCheckIconClass}" data-icon-failure="${properties.kcInputErrorIconClass}"
                  data-success-label="${msg("code-copy-success")}" data-failure-label="${msg("code-copy-failure")}"
                  id="kc-${name}-copy-button">
            <i id="kc-${name}-copy-icon" class="${properties.kcCopyIconClass}" aria-hidden="true"></i>
          </button>
        </div>
      </div>
    </div>
  </@group>
</#macro>

<#macro checkbox name label value=false required=false>
  <div class="${properties.kcCheckboxClass}">
    <input class="${properties.kcCheckboxInputClass}" type="checkbox" id="${name}" name="${name}" <#if value>checked</#if>
           <#if required>aria-required="true"</#if>/>
    <label for="${name}" class="${properties.kcCheckboxLabelClass}">${label}<#if required> <span class="${properties.kcCheckboxLabelRequiredClass}" aria-hidden="true">&#42;</span></#if></label>
  </div>
</#macro>
