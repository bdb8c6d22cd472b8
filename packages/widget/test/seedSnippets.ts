// The seeds' own snippets, verbatim, shared by the loader and host runtime tests.

/** Echat 示例一's parameter object (also what 示例二 passes to ECHAT.customNewWinChat). */
export const ECHAT_EXAMPLE_PARAMS = `    var chatParamObj = {};
    var pageVisEvt = {
        eventId: "prod-12617",
        title: "这是一条来自api文档的测试图文消息",
        content: "原价:¥100.00",
        imageUrl: "http://saastest.innourl.com/images/ADIDAS/201707/thumb_img/10124_thumb_G_1499411207663.jpg"
    };
    chatParamObj.visEvt = pageVisEvt;
    chatParamObj.echatTag = "商品测试";
    chatParamObj.lan = "zh";
    var chatWindowParam = { maxWidth: 900, maxHeight: 600, bgColor: "#000000" ,bgImage:"http://qnfile.echatsoft.com/a2abc059-1cce-4358-b091-b3292d769aca",bgRepeat:1,name:"echatChatWindow",width:1000,height:700};
    chatParamObj.chatWindowParam = chatWindowParam;
`

/** Echat 示例一, verbatim: the companyId call, the parameter object, the script tag. */
export const ECHAT_EXAMPLE_1 = `
    var _echatServer = ['v.rainbowred.com'];
    window._echat = window._echat || function () {
        (_echat.q = _echat.q || []).push(arguments)
    };
    _echat.l = +new Date;
    _echat('initParam', {companyId: 12191});

` + ECHAT_EXAMPLE_PARAMS + `    _echat('initParam', chatParamObj);
    (function () {
        var echat = document.createElement('script');
        echat.type = 'text/javascript';
        echat.async = true;
        echat.id = 'echatmodulejs';
        echat.setAttribute('charset', 'UTF-8');
        echat.src = ('https:' == document.location.protocol ? 'https://' : 'http://') + 'www.echatsoft.com/visitor/echat.js';
        var s = document.getElementsByTagName('script')[0];
        s.parentNode.insertBefore(echat, s);
    })();
`

/** Sobot's custom-button snippet, verbatim (server renamed). */
export const SOBOT_CUSTOM_BUTTON_SNIPPET = `
(function (w, d, e, x) {
w[e] = function () {
w.cbk = w.cbk || []
w.cbk.push(arguments);
}
x = d.createElement("script");
x.async = true;
x.id = "zhichiScript";
x.className="zhiCustomBtn"; //该class绑定到自定义按钮上 第一步
// ***为您的自定义域名
x.src = "https://kefu.example/chat/frame/v2/entrance.js?sysnum=3542411be2184c8cb6b48d66ca1b2730";
d.body.appendChild(x);
})(window, document, "zc");
zc("config",{
custom:true, //设置自定义生效 第二步
})
`
