<#-- The user-profile fields (registration, profile update, first sign-in through another
     provider), with the same macro and callbacks as keycloak.v2's user-profile-commons.ftl
     (`userProfileFormFields`, nested "beforeField" / "afterField" with the attribute).
     What it adds for RGAA 11.10 and 11.13:
     - each field's purpose for autofill (WCAG 1.3.5): the attribute's `autocomplete`
       annotation, else the purpose of Keycloak's own attributes (first name, last name,
       e-mail, user name);
     - a format hint under the field, linked with aria-describedby: the attribute's
       inputHelperTextAfter / inputHelperTextBefore annotation, else the theme message
       `pfHint_<attribute>` when there is one;
     - the field's error named in its aria-describedby;
     - choices (radio buttons, check boxes) grouped in a fieldset with the label as legend. -->
<#import "field.ftl" as field>

<#assign purposes = {"firstName": "given-name", "lastName": "family-name", "email": "email", "username": "username"}>

<#function purpose attribute>
  <#if attribute.annotations.autocomplete??><#return attribute.annotations.autocomplete></#if>
  <#return purposes[attribute.name]!(attribute.autocomplete!"")>
</#function>

<#function hintOf attribute>
  <#if attribute.annotations.inputHelperTextAfter??><#return advancedMsg(attribute.annotations.inputHelperTextAfter)></#if>
  <#if attribute.annotations.inputHelperTextBefore??><#return advancedMsg(attribute.annotations.inputHelperTextBefore)></#if>
  <#local key = "pfHint_" + attribute.name>
  <#local text = msg(key)>
  <#return (text == key)?then("", text)>
</#function>

<#macro userProfileFormFields>
  <#assign currentGroup = "">
  <#list profile.attributes as attribute>
    <#if attribute.name == 'locale' && realm.internationalizationEnabled && locale.currentLanguageTag?has_content>
      <input type="hidden" id="${attribute.name}" name="${attribute.name}" value="${locale.currentLanguageTag}"/>
    <#else>
      <#assign group = (attribute.group)!"">
      <#if group != currentGroup>
        <#assign currentGroup = group>
        <#if currentGroup != "">
          <#assign header = (group.displayHeader?has_content)?then(advancedMsg(group.displayHeader), group.name)>
          <h2 class="${properties.kcFormGroupHeader!} pf-profile-group" id="header-${group.name}">${header}</h2>
          <#if group.displayDescription?has_content>
            <p class="${properties.kcInputHelperTextClass!}" id="description-${group.name}">${advancedMsg(group.displayDescription)}</p>
          </#if>
        </#if>
      </#if>

      <#nested "beforeField" attribute>
      <@attributeField attribute=attribute/>
      <#nested "afterField" attribute>
    </#if>
  </#list>
  <#list profile.html5DataAnnotations?keys as key>
    <script type="module" src="${url.resourcesPath}/js/${key}.js"></script>
  </#list>
</#macro>

<#macro attributeField attribute>
  <#local name = attribute.name>
  <#local label = advancedMsg(attribute.displayName!'')>
  <#local error = messagesPerField.get(name)>
  <#local hint = hintOf(attribute)>
  <#local type = attribute.annotations.inputType!''>
  <#if type == 'select-radiobuttons' || type == 'multiselect-checkboxes'>
    <fieldset class="${properties.kcFormGroupClass!} pf-choices" aria-describedby="${field.describedBy(name, hint)}">
      <legend class="${properties.kcFormLabelClass!}">${label}<#if attribute.required> <span class="${properties.kcInputRequiredClass!}" aria-hidden="true">&#42;</span></#if></legend>
      <@choices attribute=attribute type=type/>
      <#if hint?has_content><div id="${name}-hint" class="${properties.kcInputHelperTextClass!} pf-hint">${hint}</div></#if>
      <div id="input-error-container-${name}"><#if error?has_content><div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-${name}">${error}</div></#if></div>
    </fieldset>
  <#else>
    <@field.group name=name label=label error=error required=attribute.required hint=hint>
      <span class="${properties.kcInputClass!} <#if error?has_content>${properties.kcError!}</#if>">
        <#if type == 'textarea'>
          <textarea id="${name}" name="${name}" <@common attribute=attribute hint=hint error=error/>
                    <#if attribute.annotations.inputTypeRows??>rows="${attribute.annotations.inputTypeRows}"</#if>
                    <#if attribute.annotations.inputTypeCols??>cols="${attribute.annotations.inputTypeCols}"</#if>
          >${(attribute.value!attribute.defaultValue!'')}</textarea>
        <#elseif type == 'select' || type == 'multiselect'>
          <select id="${name}" name="${name}" <@common attribute=attribute hint=hint error=error/> <#if type == 'multiselect'>multiple</#if>>
            <#if type == 'select'><option value=""></option></#if>
            <#list options(attribute) as option>
              <option value="${option}" <#if selected(attribute)?seq_contains(option)>selected</#if>>${optionLabel(attribute, option)}</option>
            </#list>
          </select>
        <#else>
          <#list (attribute.multivalued && attribute.values?has_content)?then(attribute.values, [attribute.value!attribute.defaultValue!'']) as value>
            <input type="${type?starts_with('html5-')?then(type[6..], type?has_content?then(type, 'text'))}"
                   id="${name}" name="${name}" value="${value!''}" <@common attribute=attribute hint=hint error=error/>
                   <#if attribute.annotations.inputTypePlaceholder??>placeholder="${advancedMsg(attribute.annotations.inputTypePlaceholder)}"</#if>
                   <#if attribute.annotations.inputTypePattern??>pattern="${attribute.annotations.inputTypePattern}"</#if>
                   <#if attribute.annotations.inputTypeMinlength??>minlength="${attribute.annotations.inputTypeMinlength}"</#if>
                   <#if attribute.annotations.inputTypeMin??>min="${attribute.annotations.inputTypeMin}"</#if>
                   <#if attribute.annotations.inputTypeMax??>max="${attribute.annotations.inputTypeMax}"</#if>
                   <#if attribute.annotations.inputTypeStep??>step="${attribute.annotations.inputTypeStep}"</#if>
                   <#list attribute.html5DataAnnotations as key, data>data-${key}="${data}" </#list>/>
          </#list>
        </#if>
      </span>
    </@field.group>
  </#if>
</#macro>

<#-- What every kind of field carries: purpose, required state, description, error state, limits. -->
<#macro common attribute hint error>
  <#local autocomplete = purpose(attribute)>
  <#if autocomplete?has_content>autocomplete="${autocomplete}"</#if>
  <#if attribute.required>aria-required="true"</#if>
  aria-describedby="${field.describedBy(attribute.name, hint)}"
  <#if error?has_content>aria-invalid="true"</#if>
  <#if attribute.readOnly>disabled</#if>
  <#if attribute.annotations.inputTypeMaxlength??>maxlength="${attribute.annotations.inputTypeMaxlength}"</#if>
  <#if attribute.annotations.inputTypeSize??>size="${attribute.annotations.inputTypeSize}"</#if>
</#macro>

<#macro choices attribute type>
  <#local input = (type == 'select-radiobuttons')?then('radio', 'checkbox')>
  <#if input == 'checkbox'><input type="hidden" id="${attribute.name}-empty" name="${attribute.name}" value=""/></#if>
  <#list options(attribute) as option>
    <div class="${(input == 'radio')?then(properties.kcInputClassRadio!, properties.kcInputClassCheckbox!)}">
      <input type="${input}" id="${attribute.name}-${option}" name="${attribute.name}" value="${option}"
             <#if messagesPerField.existsError(attribute.name)>aria-invalid="true"</#if>
             <#if attribute.readOnly>disabled</#if> <#if selected(attribute)?seq_contains(option)>checked</#if>/>
      <label for="${attribute.name}-${option}">${optionLabel(attribute, option)}</label>
    </div>
  </#list>
</#macro>

<#function options attribute>
  <#local validation = attribute.annotations.inputOptionsFromValidation!''>
  <#if validation?has_content && (attribute.validators[validation].options)??><#return attribute.validators[validation].options></#if>
  <#if (attribute.validators.options.options)??><#return attribute.validators.options.options></#if>
  <#return []>
</#function>

<#function selected attribute>
  <#if attribute.values?has_content><#return attribute.values></#if>
  <#return (attribute.defaultValue??)?then([attribute.defaultValue], [])>
</#function>

<#function optionLabel attribute option>
  <#if attribute.annotations.inputOptionLabels??><#return advancedMsg(attribute.annotations.inputOptionLabels[option]!option)></#if>
  <#if attribute.annotations.inputOptionLabelsI18nPrefix??><#return msg(attribute.annotations.inputOptionLabelsI18nPrefix + '.' + option)></#if>
  <#return option>
</#function>
