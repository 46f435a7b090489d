/* News on the login page, fetched from the bridge's public feed.
   Progressive: the forms never depend on it. If the bridge does not answer,
   the list stays empty and the "all news" link remains. Text only (no HTML
   from the feed is interpreted). */
(function () {
  "use strict";

  function box(dateText, locale) {
    var parts = (dateText || "").split("-");
    var date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
    var el = document.createElement("time");
    el.className = "pf-news__date";
    el.dateTime = dateText;
    var day = document.createElement("span");
    day.className = "pf-news__day";
    day.textContent = String(date.getDate()).padStart(2, "0");
    var month = document.createElement("span");
    month.className = "pf-news__month";
    month.textContent = date.toLocaleDateString(locale, { month: "long" });
    var year = document.createElement("span");
    year.className = "pf-news__year";
    year.textContent = String(date.getFullYear());
    el.append(day, " ", month, " ", year);
    return el;
  }

  function render(section, items) {
    var list = section.querySelector("#pf-news-list");
    var locale = section.dataset.locale || "fr";
    list.textContent = "";
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.className = "pf-news__item";
      var article = document.createElement("article");
      article.setAttribute("aria-labelledby", "pf-news-item-" + index);
      article.append(box(item.date, locale));
      var body = document.createElement("div");
      body.className = "pf-news__body";
      // The city writes its news in French: said so on a page in another language (RGAA 8.7).
      var newsLang = section.dataset.newsLang || "fr";
      var foreign = locale.split("-")[0] !== newsLang;
      var h = document.createElement("h3");
      h.id = "pf-news-item-" + index;
      h.className = "pf-news__heading";
      h.textContent = item.title;
      var p = document.createElement("p");
      p.textContent = item.summary;
      if (foreign) { h.lang = newsLang; p.lang = newsLang; }
      body.append(h, p);
      // Only web addresses become links: never javascript: or data:, whatever the feed says.
      if (item.url && /^https?:\/\/[^\s]+$/i.test(item.url)) {
        var a = document.createElement("a");
        a.href = item.url;
        a.className = "pf-news__more";
        a.textContent = section.dataset.moreLabel;
        var hidden = document.createElement("span");
        hidden.className = "pf-sr-only";
        hidden.textContent = " : " + item.title;
        if (foreign) hidden.lang = newsLang;
        a.append(hidden);
        body.append(a);
      }
      article.append(body);
      li.append(article);
      list.append(li);
    });
    section.classList.toggle("pf-news--loaded", items.length > 0);
  }

  function load() {
    var section = document.getElementById("pf-news");
    if (!section || !window.fetch) return;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 4000);
    fetch(section.dataset.newsUrl, { mode: "cors", credentials: "omit", signal: controller && controller.signal })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) { render(section, (data && data.items) || []); })
      .catch(function () { section.classList.add("pf-news--unavailable"); })
      .finally(function () { clearTimeout(timer); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
